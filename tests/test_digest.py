"""The board digest: its content from the knowledge base, the change log and tracking; the
per-channel settings; and the scheduled posting through the ledger (a fake poster and a set
clock, so nothing waits), including a process killed between claim and post."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime import Runtime, process_gone
from bot.settings import ConfigError
from commands.call import Context
from commands.digest_system import DigestSetting
from commands.engine import Engine
from knowledge.dates import LONDON
from scheduler.config import DigestConfig
from scheduler.digest_delivery import DigestSchedule
from scheduler.digests import DigestRun, latest_run
from scheduler.poster import MemoryPoster, PostedMessage, PostError
from scheduler.scheduling import ReminderScheduler

CHANNEL = "C0BOARD"
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)  # a Monday


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


class ProcessKilled(BaseException):
    """Stands in for kill -9: nothing in delivery catches it."""


def say(engine: Engine, text: str, *, admin: bool = True, today: date = date(2017, 6, 30)):
    now = datetime.combine(today, datetime.min.time(), tzinfo=LONDON) + timedelta(hours=10)
    context = Context(
        today=today, channel_id=CHANNEL, user_id="UADMIN", is_admin=admin, now=now, via="slack"
    )
    return engine.answer(text, context)


def test_cli_digest_names_the_march_2015_gateway_with_its_days_to_go(
    tmp_path: Path,
    kb_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.delenv("CYPS_DB", raising=False)
    assert main(["digest", "--programme", "haringey-54000", "--as-of", "2015-02-20"]) == 0
    out = capsys.readouterr().out
    assert "Mar 2015 · Gateway (March 2015) · in 9 days" in out
    assert "Audit: " in out and "Chart written to " in out


def test_digest_lists_what_changed_since_with_who_and_the_delivery_status(
    runtime: Runtime,
) -> None:
    engine = runtime.engine
    say(engine, "actual 1.6 2017-18 120k", today=date(2017, 5, 1))  # before the digest's week
    say(engine, "actual 1.6 2017-18 125k")
    say(engine, "rag 1.3 red contract delayed")
    answer = say(engine, "digest haringey-mtfs-2017 since 2017-06-23")
    text = "\n".join(answer.lines)
    assert "Changed (2):" in text
    assert (
        "1.6 Adoption and SGO payments: delivered 2017-18 £125k (was £120k) · UADMIN via slack, 2017-06-30"
        in text
    )
    assert (
        "1.3 Family Group Conferencing: RAG red (contract delayed) (was green) · UADMIN via slack"
        in text
    )
    assert "(was not recorded)" not in text  # the first actual came before the digest's week
    assert (
        "Delivery: 1 amber, 6 not reported; planned £150k, delivered or forecast £125k, gap £25k (1.6 amber)"
        in text
    )
    assert "Audit: 2 findings (2 mismatches); `check haringey-mtfs-2017`" in text
    assert [c.name for c in answer.charts] == ["savings-haringey-mtfs-2017"]


def test_digest_of_every_programme_draws_each_savings_chart(plain_engine: Engine) -> None:
    answer = plain_engine.answer("digest", Context(today=date(2015, 2, 20)))
    assert answer.ok and len(answer.charts) == 5
    assert answer.title == "Board digest - every programme, 2015-02-20"


def test_digest_here_and_off_are_admin_writes_kept_per_channel(runtime: Runtime) -> None:
    engine = runtime.engine
    assert engine.writes("digest here") and engine.writes("digest off")
    assert not engine.writes("digest kent") and not engine.writes("digest")
    refused = say(engine, "digest here", admin=False)
    assert refused.status == "forbidden" and runtime.digests.settings() == []
    set_here = say(engine, "digest here 30 8 * * fri kent")
    assert set_here.ok and set_here.command == "digest here"  # so no share button
    (setting,) = runtime.digests.settings()
    assert (setting.channel_id, setting.programme_id, setting.cron) == (
        CHANNEL,
        "kent-0-25",
        "30 8 * * fri",
    )
    bad = say(engine, "digest here 0 25 * * *")
    assert bad.status == "bad_input" and "0 25 * * *" in bad.title
    assert say(engine, "digest off").title.startswith(
        "The board digest will no longer be posted here"
    )
    assert runtime.digests.settings() == []


def test_digest_settings_are_checked_at_start(cyps_env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="CYPS_DIGEST_AT"):
        Runtime.start({**cyps_env, "CYPS_DIGEST_AT": "every monday"})
    runtime = Runtime.start({**cyps_env, "CYPS_DIGEST_CHANNEL": "C0ALL"})
    (setting,) = runtime.digests.settings()
    assert (setting.channel_id, setting.programme_id, setting.cron) == ("C0ALL", "*", "0 9 * * mon")


def weekly(channel: str = CHANNEL) -> DigestSetting:
    return DigestSetting(channel, "*", "0 9 * * mon", "test", None)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (MONDAY_9, MONDAY_9),
        (MONDAY_9 + timedelta(hours=11), MONDAY_9),
        (MONDAY_9 + timedelta(hours=13), None),  # beyond the 12h grace period
        (MONDAY_9 - timedelta(minutes=1), None),  # last week's is long past
    ],
)
def test_the_latest_scheduled_time_within_the_grace_period_is_due(
    now: datetime, due: datetime | None
) -> None:
    run = latest_run(weekly(), DigestConfig(), now, timedelta(hours=12))
    assert (run.due if run else None) == due
    if run is not None:
        assert run.key == "digest/*/C0BOARD@2026-11-30T09:00"
        assert run.expires == MONDAY_9 + timedelta(days=7)


def scheduled(
    runtime: Runtime, poster: MemoryPoster, clock: Clock, owner_gone: bool = False
) -> ReminderScheduler:
    scheduler = runtime.reminder_scheduler(poster=poster, clock=clock, sleep=lambda _: None)
    if owner_gone:
        assert scheduler.digests is not None
        scheduler.digests.delivery.ledger.owner_gone = lambda owner: True
    return scheduler


def digests_of(scheduler: ReminderScheduler) -> DigestSchedule:
    assert scheduler.digests is not None
    return scheduler.digests


@pytest.fixture
def weekly_runtime(cyps_env: dict[str, str]) -> Runtime:
    return Runtime.start(
        {**cyps_env, "CYPS_DIGEST_CHANNEL": CHANNEL, "CYPS_REMINDER_BACKOFF": "0s"}
    )


def test_scheduled_digest_is_posted_once_through_a_500(weekly_runtime: Runtime) -> None:
    poster = MemoryPoster(
        failures=[PostError("Slack server error (500)", retryable=True, uncertain=True)]
    )
    clock = Clock(MONDAY_9 + timedelta(seconds=20))
    schedule = digests_of(scheduled(weekly_runtime, poster, clock))
    assert [o.status for o in schedule.sweep()] == ["sent"]
    assert schedule.sweep() == []
    clock.now += timedelta(hours=1)
    assert schedule.sweep() == []
    (message,) = poster.messages
    assert (message.channel, message.key) == (CHANNEL, "digest/*/C0BOARD@2026-11-30T09:00")
    assert "Board digest - every programme, 2026-11-30" in message.text
    assert poster.calls == 2 and poster.finds == 1  # the 500 may have posted: it looked first


def test_a_digest_killed_between_claim_and_post_is_posted_once_after_a_restart(
    weekly_runtime: Runtime,
) -> None:
    clock = Clock(MONDAY_9 + timedelta(minutes=1))
    first = digests_of(scheduled(weekly_runtime, MemoryPoster(), clock))

    def killed(*_: object) -> None:
        raise ProcessKilled

    first.delivery._compose = killed  # type: ignore[method-assign, assignment]
    with pytest.raises(ProcessKilled):
        first.sweep()  # claimed, then died before posting
    poster = MemoryPoster()
    held = digests_of(scheduled(weekly_runtime, poster, clock))
    assert [o.status for o in held.sweep()] == ["held"]  # a live owner's claim is waited for
    again = digests_of(scheduled(weekly_runtime, poster, clock, owner_gone=True))
    assert [o.status for o in again.sweep()] == ["sent"]  # its owner is gone: history, then post
    assert poster.finds == 1 and len(poster.messages) == 1
    assert again.sweep() == []


def test_a_digest_killed_after_posting_is_found_in_history_not_posted_again(
    weekly_runtime: Runtime,
) -> None:
    clock = Clock(MONDAY_9 + timedelta(minutes=1))

    def die(message: PostedMessage) -> None:
        raise ProcessKilled

    poster = MemoryPoster(after_post=die)
    with pytest.raises(ProcessKilled):
        digests_of(scheduled(weekly_runtime, poster, clock)).sweep()
    poster.after_post = None
    again = digests_of(scheduled(weekly_runtime, poster, clock, owner_gone=True))
    assert [o.status for o in again.sweep()] == ["found"]
    assert len(poster.messages) == 1


def test_the_next_digest_counts_changes_from_the_last_one(weekly_runtime: Runtime) -> None:
    poster, clock = MemoryPoster(), Clock(MONDAY_9)
    digests_of(scheduled(weekly_runtime, poster, clock)).sweep()
    assert weekly_runtime.digests.last_digest(CHANNEL, ("kent-0-25",)) == MONDAY_9
    clock.now = MONDAY_9 + timedelta(days=7, minutes=5)
    digests_of(scheduled(weekly_runtime, poster, clock)).sweep()
    assert [m.key[-16:] for m in poster.messages] == ["2026-11-30T09:00", "2026-12-07T09:00"]
    assert "Changes since 2026-11-30." in poster.messages[1].text


def test_a_claim_of_a_process_that_no_longer_runs_is_known_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host = socket.gethostname()
    assert process_gone(f"{host}:{child.pid}:abc123")
    assert not process_gone(f"{host}:{os.getpid()}:abc123")
    assert not process_gone(f"elsewhere:{child.pid}:abc123")
    assert not process_gone("not-an-owner")


def test_the_poll_posts_a_due_digest_beside_the_reminders(weekly_runtime: Runtime) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    poster, clock = MemoryPoster(), Clock(MONDAY_9 + timedelta(minutes=2))
    scheduler = weekly_runtime.reminder_scheduler(
        poster=poster,
        clock=clock,
        sleep=lambda _: None,
        apscheduler=BackgroundScheduler(timezone=UTC),
    )
    scheduler.start(paused=True)
    try:
        assert [j.id for j in scheduler.scheduler.get_jobs() if j.id.startswith("digest:")] == [
            f"digest:*/{CHANNEL}"
        ]
        scheduler.check()
        assert [m.key for m in poster.messages] == ["digest/*/C0BOARD@2026-11-30T09:00"]
    finally:
        scheduler.shutdown()


def test_a_digest_run_is_what_the_ledger_records(weekly_runtime: Runtime) -> None:
    run = DigestRun(
        "digest/*/C0@2026-11-30T09:00",
        "*",
        "C0",
        "0 9 * * mon",
        MONDAY_9,
        MONDAY_9 + timedelta(days=7),
    )
    ledger = weekly_runtime.reminders.ledger
    assert ledger is not None
    assert ledger.claim(run, MONDAY_9) is not None
    entry = ledger.entry(run.key)
    assert entry is not None and (entry.milestone_id, entry.lead, entry.channel_id) == (
        "digest",
        "0 9 * * mon",
        "C0",
    )
