"""The reminder message (content, Block Kit, Slack dates) and the Slack poster against a local
Slack-compatible server: metadata, history search, and which errors are worth retrying."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block
from slack_support import MockSlack, Scripted

from bot.slack.poster import SlackPoster
from bot.slack.reminder_blocks import render_reminder
from commands.call import Context
from commands.engine import Engine
from knowledge.dates import PaperDate
from knowledge.model import Milestone, Source
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from scheduler.content import build_content
from scheduler.delivery import Delivery
from scheduler.ledger import Ledger
from scheduler.planning import ReminderPolicy, parse_leads, plan_reminders
from scheduler.poster import PostError

CHANNEL = "C0BOARD"


def paper_milestone(kb: KnowledgeBase, programme: str, ident: str) -> Milestone:
    return next(m for m in kb.milestones(programme) if m.id == ident)


def timed_gateway(date: str = "2015-06-16T10:30") -> Milestone:
    return Milestone(
        "haringey-fom-2015",
        "gw",
        "gateway",
        PaperDate.parse(date),
        "Go-live gateway",
        "Whether the new model <goes live> & when",
        None,
        Source("haringey-fom-2015", "FOM paper", "para 23.1"),
    )


@pytest.fixture
def slack() -> Iterator[MockSlack]:
    server = MockSlack().start()
    yield server
    server.stop()


@pytest.fixture
def poster(slack: MockSlack) -> SlackPoster:
    return SlackPoster.connect("xoxb-test", slack.url, timeout=5)


# ---- content ----------------------------------------------------------------------------


def test_content_has_the_figures_that_matter_with_sources(kb: KnowledgeBase) -> None:
    (reminder,) = plan_reminders(
        [timed_gateway()], ReminderPolicy(leads=parse_leads("7d"), default_channel=CHANNEL)
    )
    content = build_content(kb, reminder, reminder.due)
    assert content.days_to_go == 7 and content.lead == "7 days" and content.time_fixed
    assert content.savings is not None
    assert (content.savings.target, content.savings.identified, content.savings.verdict) == (
        "£16.7m (⚠ rounded from £16.784m)",  # the audit's flag travels with the figure
        "£16,784k",
        "met",  # as gap says: the target is the lines' total, rounded
    )
    assert any("check haringey-fom-2015" in w for w in content.warnings)
    _, blocks = render_reminder(content)
    fields = " ".join(f["text"] for f in blocks[2]["fields"])
    assert "£16.7m (⚠ rounded from £16.784m)" in fields and ":warning:" in blocks[1]["text"]["text"]
    assert (content.findings, content.mismatches) == (2, 0)  # two rounding findings
    assert content.sources[0] == "FOM paper, para 23.1"
    assert any("section 23" in s for s in content.sources)


def test_content_savings_agree_with_the_gap_command(
    kb: KnowledgeBase, plain_engine: Engine
) -> None:
    milestone = paper_milestone(kb, "haringey-fom-2015", "implementation-2015-06")
    policy = ReminderPolicy(kinds=frozenset({"milestone"}), leads=parse_leads("1d"))
    (reminder,) = plan_reminders([milestone], policy)
    content = build_content(kb, reminder, reminder.due)
    gap = plain_engine.answer("gap haringey-fom-2015", Context(today=reminder.due.date()))
    assert content.savings is not None and content.savings.verdict is not None
    assert any(content.savings.verdict in line for line in gap.lines)
    assert content.phases  # the programme is mid-implementation in June 2015


def test_month_only_milestone_says_the_day_is_not_fixed(kb: KnowledgeBase) -> None:
    milestone = paper_milestone(kb, "haringey-54000", "gateway-2015-03")
    (reminder,) = plan_reminders([milestone], ReminderPolicy(leads=parse_leads("14d")))
    content = build_content(kb, reminder, reminder.due)
    assert not content.day_fixed and content.days_to_go == 14
    text, blocks = render_reminder(content)
    body = blocks[1]["text"]["text"]
    assert "Mar 2015 (the day is not fixed yet; counted from <!date^" in body
    assert (
        text == "Reminder: gateway Gateway (March 2015) (haringey-54000) in 14 days (day not fixed)"
    )


def test_rendered_reminder_is_valid_block_kit_with_slack_dates(kb: KnowledgeBase) -> None:
    (reminder,) = plan_reminders([timed_gateway()], ReminderPolicy(leads=parse_leads("1d")))
    text, blocks = render_reminder(build_content(kb, reminder, reminder.due))
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()  # raises on anything Slack would reject
    assert blocks[0]["text"]["text"] == "Gateway tomorrow: Go-live gateway"
    body = blocks[1]["text"]["text"]
    unix = int(datetime(2015, 6, 16, 9, 30, tzinfo=UTC).timestamp())
    assert f"<!date^{unix}^{{date_long_pretty}} at {{time}}|Tuesday 16 June 2015 at 10:30>" in body
    assert "&lt;goes live&gt; &amp; when" in body  # the paper's text is escaped, the token is not
    assert re.search(r"ref `haringey-fom-2015/gw/1d@2015-06-16T10:30`", str(blocks[-1]))
    assert text.startswith("Reminder: gateway Go-live gateway")


def test_a_day_only_date_is_anchored_at_noon_so_no_reader_sees_another_day(
    kb: KnowledgeBase,
) -> None:
    milestone = paper_milestone(kb, "haringey-54000", "cabinet-2013-11-12")
    policy = ReminderPolicy(kinds=frozenset({"decision"}), leads=parse_leads("1d"))
    (reminder,) = plan_reminders([milestone], policy)
    _, blocks = render_reminder(build_content(kb, reminder, reminder.due))
    noon = int(datetime(2013, 11, 12, 12, 0, tzinfo=UTC).timestamp())
    assert f"<!date^{noon}^{{date_long_pretty}}|Tuesday 12 November 2013>" in str(blocks)


# ---- the Slack poster -------------------------------------------------------------------


def test_post_carries_the_key_in_metadata_and_find_reads_it_back(
    slack: MockSlack, poster: SlackPoster
) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    ts = poster.post(CHANNEL, "hello", [], "p/m/1d@2025-06-16")
    (message,) = slack.posted(CHANNEL)
    assert message["ts"] == ts
    assert message["metadata"] == {
        "event_type": "cyps_reminder",
        "event_payload": {"key": "p/m/1d@2025-06-16"},
    }
    assert poster.find(CHANNEL, "p/m/1d@2025-06-16", since)
    assert not poster.find(CHANNEL, "p/m/7d@2025-06-16", since)
    assert not poster.find("C0OTHER", "p/m/1d@2025-06-16", since)


@pytest.mark.parametrize(
    ("fault", "retryable", "uncertain", "retry_after"),
    [
        (Scripted(500), True, True, None),
        (Scripted(503, {"ok": False, "error": "service_unavailable"}), True, True, None),
        (
            Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "3"}),
            True,
            False,
            3.0,
        ),
        (Scripted(200, {"ok": False, "error": "channel_not_found"}), False, False, None),
        (Scripted(200, {"ok": False, "error": "internal_error"}), True, True, None),
    ],
)
def test_slack_errors_are_sorted_into_retry_or_not(
    slack: MockSlack,
    poster: SlackPoster,
    fault: Scripted,
    retryable: bool,
    uncertain: bool,
    retry_after: float | None,
) -> None:
    slack.script("chat.postMessage", fault)
    with pytest.raises(PostError) as caught:
        poster.post(CHANNEL, "hello", [], "k")
    assert (caught.value.retryable, caught.value.uncertain, caught.value.retry_after) == (
        retryable,
        uncertain,
        retry_after,
    )


def test_no_answer_from_slack_is_retryable_and_uncertain(slack: MockSlack) -> None:
    url = slack.url
    slack.stop()
    poster = SlackPoster.connect("xoxb-test", url, timeout=2)
    with pytest.raises(PostError) as caught:
        poster.post(CHANNEL, "hello", [], "k")
    assert caught.value.retryable and caught.value.uncertain


def test_delivery_through_slack_survives_a_500_and_a_lost_record(
    kb: KnowledgeBase, tmp_path: Path, slack: MockSlack, poster: SlackPoster
) -> None:
    (reminder,) = plan_reminders(
        [timed_gateway()], ReminderPolicy(leads=parse_leads("1d"), default_channel=CHANNEL)
    )
    now = datetime.now(UTC)
    reminder = type(reminder)(
        reminder.key, reminder.milestone, reminder.lead, now, now + timedelta(days=1), CHANNEL
    )
    state = tmp_path / "state.db"
    slack.script("chat.postMessage", Scripted(500))
    first = Delivery(
        kb, Ledger(StateDB.open(state), "one"), poster, lambda: now, sleep=lambda s: None
    )
    assert first.deliver(reminder).status == "sent"
    assert slack.count("chat.postMessage") == 2 and len(slack.posted(CHANNEL)) == 1
    # Lose the record of it, as a crash between post and confirm would, and come back later.
    after_restart = StateDB.open(state)
    after_restart.connect().execute(
        "update reminder_ledger set status = 'claimed', ts = '', detail = ''"
    )
    later = now + timedelta(minutes=11)
    second = Delivery(kb, Ledger(after_restart, "two"), poster, lambda: later, sleep=lambda s: None)
    assert second.deliver(reminder).status == "found"
    assert len(slack.posted(CHANNEL)) == 1
