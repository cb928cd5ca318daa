"""Delivery with a fake poster and a real SQLite ledger: posted once, whatever happens.

The clock is a value the test sets and the sleep only records, so nothing here waits.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from knowledge.dates import LONDON, PaperDate
from knowledge.model import Milestone, Source
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from scheduler.delivery import Delivery
from scheduler.ledger import Ledger
from scheduler.planning import Reminder, ReminderPolicy, parse_leads, plan_reminders
from scheduler.poster import MemoryPoster, PostedMessage, PostError

CHANNEL = "C0BOARD"
DUE = datetime(2025, 6, 15, 9, 0, tzinfo=LONDON)  # the 1-day reminder for 16 June 2025


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sleeps:
    seconds: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


class ProcessKilled(BaseException):
    """Stands in for the process dying: nothing in delivery catches it."""


def gateway(date: str = "2025-06-16", ident: str = "gw") -> Milestone:
    return Milestone(
        "kent-0-25",
        ident,
        "gateway",
        PaperDate.parse(date),
        "Implementation gateway",
        "whether to go on to the next phase",
        None,
        Source("kent-0-25", "Kent paper", "para 4.3"),
    )


def one_day(*milestones: Milestone) -> list[Reminder]:
    policy = ReminderPolicy(leads=parse_leads("1d"), default_channel=CHANNEL)
    return plan_reminders(milestones or (gateway(),), policy)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.db"


def delivery(
    kb: KnowledgeBase,
    state: Path,
    poster: MemoryPoster,
    clock: Clock,
    owner: str = "one",
    sleeps: Sleeps | None = None,
) -> Delivery:
    ledger = Ledger(StateDB.open(state), owner=owner)
    return Delivery(kb, ledger, poster, clock, sleep=sleeps or Sleeps())


def test_due_reminder_is_posted_once_however_often_the_tick_comes(
    kb: KnowledgeBase, state: Path
) -> None:
    poster, clock = MemoryPoster(), Clock(DUE)
    reminders = one_day()
    first = delivery(kb, state, poster, clock)
    assert [o.status for o in first.sweep(reminders)] == ["sent"]
    assert [o.status for o in first.sweep(reminders)] == []
    assert first.deliver(reminders[0]).status == "settled"
    clock.now += timedelta(minutes=5)
    assert first.sweep(reminders) == []
    assert poster.keys() == [reminders[0].key]
    assert poster.messages[0].channel == CHANNEL
    entry = first.ledger.entry(reminders[0].key)
    assert entry is not None and entry.status == "sent" and entry.ts == poster.messages[0].ts


def test_reminder_not_yet_due_posts_nothing(kb: KnowledgeBase, state: Path) -> None:
    poster = MemoryPoster()
    early = delivery(kb, state, poster, Clock(DUE - timedelta(seconds=1)))
    assert early.deliver(one_day()[0]).status == "not_due"
    assert early.sweep(one_day()) == [] and poster.messages == []


def test_two_schedulers_racing_on_one_database_post_each_reminder_once(
    kb: KnowledgeBase, state: Path
) -> None:
    reminders = one_day(*(gateway("2025-06-16", f"gw{n}") for n in range(40)))
    poster = MemoryPoster()
    clock = Clock(DUE + timedelta(minutes=1))
    workers = [delivery(kb, state, poster, clock, owner=f"proc{n}") for n in range(4)]
    start = threading.Barrier(len(workers))
    outcomes: list[str] = []

    def run(worker: Delivery) -> None:
        start.wait()
        for _ in range(3):
            outcomes.extend(o.status for o in worker.sweep(reminders))

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(poster.keys()) == sorted(r.key for r in reminders)
    assert outcomes.count("sent") == 40
    assert set(outcomes) <= {"sent", "held", "settled"}


def test_restart_inside_the_grace_period_posts_the_missed_reminder_once(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster()
    reminders = one_day()
    before = delivery(kb, state, poster, Clock(DUE - timedelta(hours=1)))
    assert before.sweep(reminders) == []  # the bot went down before 09:00
    late = Clock(DUE + timedelta(hours=11, minutes=59))
    after = delivery(kb, state, poster, late, owner="restarted")
    assert [o.status for o in after.sweep(reminders)] == ["sent"]
    again = delivery(kb, state, poster, late, owner="restarted-again")
    assert again.sweep(reminders) == []
    assert len(poster.messages) == 1


def test_restart_beyond_the_grace_period_records_a_skip_and_posts_nothing(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster()
    reminders = one_day(gateway("2025-06-20"))  # due 19 June, milestone still to come
    clock = Clock(datetime(2025, 6, 19, 21, 1, tzinfo=LONDON))
    late = delivery(kb, state, poster, clock)
    (outcome,) = late.sweep(reminders)
    assert outcome.status == "skipped"
    assert "missed by 12h01m, beyond the 12h grace period" in outcome.detail
    clock.now += timedelta(hours=1)
    assert late.sweep(reminders) == []
    assert poster.calls == 0
    entry = late.ledger.entry(reminders[0].key)
    assert entry is not None and entry.status == "skipped"


def test_milestone_already_past_when_first_seen_posts_and_records_nothing(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster()
    first_sight = delivery(kb, state, poster, Clock(datetime(2026, 1, 1, tzinfo=LONDON)))
    reminders = one_day(gateway("2015-03"))
    assert first_sight.sweep(reminders) == []
    assert first_sight.deliver(reminders[0]).status == "past"
    assert poster.calls == 0 and first_sight.ledger.entries(limit=10) == []


def test_slack_500_then_success_posts_once_after_checking_history(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster(
        failures=[PostError("Slack server error (500)", retryable=True, uncertain=True)]
    )
    sleeps = Sleeps()
    (outcome,) = delivery(kb, state, poster, Clock(DUE), sleeps=sleeps).sweep(one_day())
    assert outcome.status == "sent"
    assert poster.calls == 2 and len(poster.messages) == 1
    assert poster.finds == 1  # a 500 may have posted: look before posting again
    assert sleeps.seconds == [1.0]


def test_rate_limit_waits_as_long_as_slack_asks(kb: KnowledgeBase, state: Path) -> None:
    limited = PostError("Slack rate limit (429)", retryable=True, retry_after=7)
    poster = MemoryPoster(failures=[limited, limited])
    sleeps = Sleeps()
    (outcome,) = delivery(kb, state, poster, Clock(DUE), sleeps=sleeps).sweep(one_day())
    assert outcome.status == "sent" and sleeps.seconds == [7, 7] and poster.finds == 0


def test_backoff_doubles_until_the_attempts_run_out(kb: KnowledgeBase, state: Path) -> None:
    down = PostError("Slack server error (503)", retryable=True)
    poster = MemoryPoster(failures=[down] * 5)
    sleeps = Sleeps()
    worker = delivery(kb, state, poster, Clock(DUE), sleeps=sleeps)
    (outcome,) = worker.sweep(one_day())
    assert outcome.status == "failed" and sleeps.seconds == [1, 2, 4, 8]
    entry = worker.ledger.entry(one_day()[0].key)
    assert entry is not None and entry.status == "failed" and entry.attempts == 1


def test_a_refusal_is_not_retried_at_once_but_after_the_lease(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster(failures=[PostError("channel_not_found", retryable=False)])
    clock = Clock(DUE)
    worker = delivery(kb, state, poster, clock)
    assert [o.status for o in worker.sweep(one_day())] == ["failed"]
    assert [o.status for o in worker.sweep(one_day())] == ["held"]
    assert poster.calls == 1
    clock.now += timedelta(minutes=11)  # someone invited the bot; the next try succeeds
    assert [o.status for o in worker.sweep(one_day())] == ["sent"]
    assert poster.calls == 2 and len(poster.messages) == 1


def test_crash_after_posting_and_before_recording_never_posts_twice(
    kb: KnowledgeBase, state: Path
) -> None:
    def die(message: PostedMessage) -> None:
        raise ProcessKilled

    poster = MemoryPoster(after_post=die)
    reminders = one_day()
    with pytest.raises(ProcessKilled):
        delivery(kb, state, poster, Clock(DUE)).sweep(reminders)
    assert len(poster.messages) == 1  # Slack has it; the ledger only has a claim
    poster.after_post = None

    soon = delivery(kb, state, poster, Clock(DUE + timedelta(minutes=2)), owner="restarted")
    assert [o.status for o in soon.sweep(reminders)] == ["held"]  # the claim's lease runs on

    later = Clock(DUE + timedelta(minutes=11))
    recovered = delivery(kb, state, poster, later, owner="restarted")
    assert [o.status for o in recovered.sweep(reminders)] == ["found"]
    assert len(poster.messages) == 1 and poster.calls == 1 and poster.finds == 1
    entry = recovered.ledger.entry(reminders[0].key)
    assert entry is not None and entry.status == "sent"
    assert entry.detail == "found in channel history"
    assert recovered.sweep(reminders) == []


def test_crash_before_posting_posts_after_the_lease_when_history_has_nothing(
    kb: KnowledgeBase, state: Path
) -> None:
    def die_first(message: PostedMessage) -> None:
        raise ProcessKilled

    poster = MemoryPoster(after_post=die_first)
    reminders = one_day()
    with pytest.raises(ProcessKilled):
        delivery(kb, state, poster, Clock(DUE)).sweep(reminders)
    poster.messages.clear()  # as if the process died before Slack stored it
    poster.after_post = None
    later = delivery(kb, state, poster, Clock(DUE + timedelta(minutes=11)), owner="restarted")
    assert [o.status for o in later.sweep(reminders)] == ["sent"]
    assert len(poster.messages) == 1


def test_uncertain_claim_beyond_grace_is_settled_from_history_not_reposted(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster(after_post=lambda message: (_ for _ in ()).throw(ProcessKilled()))
    reminders = one_day(gateway("2025-06-20"))
    due = reminders[0].due
    with pytest.raises(ProcessKilled):
        delivery(kb, state, poster, Clock(due)).sweep(reminders)
    poster.after_post = None
    much_later = Clock(due + timedelta(hours=20))
    (outcome,) = delivery(kb, state, poster, much_later, owner="next-day").sweep(reminders)
    assert outcome.status == "found" and len(poster.messages) == 1


def test_reminder_with_no_channel_waits_and_is_not_recorded(kb: KnowledgeBase, state: Path) -> None:
    poster = MemoryPoster()
    reminders = plan_reminders([gateway()], ReminderPolicy(leads=parse_leads("1d")))
    worker = delivery(kb, state, poster, Clock(DUE))
    assert [o.status for o in worker.sweep(reminders)] == ["no_channel"]
    assert worker.ledger.entries(limit=5) == [] and poster.calls == 0


def test_reminder_text_carries_its_key_for_the_history_search(
    kb: KnowledgeBase, state: Path
) -> None:
    poster = MemoryPoster()
    delivery(kb, state, poster, Clock(DUE)).sweep(one_day())
    assert poster.messages[0].key == "kent-0-25/gw/1d@2025-06-16"
    assert "kent-0-25/gw/1d@2025-06-16" in poster.messages[0].text
