"""``/cyps reminders``, ``remind`` and ``milestone add|set``, and the same on the command line:
edits live in the state DB, survive rebuilds, and every query sees them."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime import Runtime
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from knowledge.state.milestone_edits import MilestoneEdits, parse_milestone_date
from scheduler.system import StoredReminderSystem

NOW = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)
ADMIN, MEMBER = "U0ADMIN", "U0MEMBER"


@pytest.fixture
def desk(runtime: Runtime) -> StoredReminderSystem:
    return runtime.reminders


@pytest.fixture
def engine(runtime: Runtime) -> Engine:
    return runtime.engine


def ask(engine: Engine, text: str, user: str = ADMIN, channel: str = "C0BOARD") -> Answer:
    context = Context(
        today=NOW.date(),
        channel_id=channel,
        user_id=user,
        is_admin=user == ADMIN,
        now=NOW,
        via="slack",
    )
    return engine.answer(text, context)


def test_remind_here_sends_the_programmes_reminders_to_this_channel(engine: Engine) -> None:
    answer = ask(engine, "remind here haringey-54000")
    assert answer.ok and answer.title.startswith("Reminders for haringey-54000 will be posted")
    listing = ask(engine, "reminders")
    assert listing.ok and listing.title == "Next 5 of 6 reminders (from now)"
    first = listing.lines[0]
    assert first.startswith("Sun 15 Feb 2015 09:00 · 14 days before Gateway (March 2015)")
    assert "day not fixed yet" in first and first.endswith("· channel C0BOARD")
    assert len(listing.more) == 2  # the sixth reminder and when they are sent


def test_remind_here_without_a_programme_covers_every_programme(engine: Engine) -> None:
    ask(engine, "remind here", channel="C0ALL")
    listing = ask(engine, "reminders")
    assert "Posted to: every programme: channel C0ALL" in listing.lines
    assert ask(engine, "remind off").title == (
        "Reminders for every programme without a channel of its own are off."
    )


def test_members_may_list_reminders_but_not_change_them(engine: Engine) -> None:
    assert ask(engine, "reminders", user=MEMBER).ok
    for text in (
        "remind here",
        "milestone add --programme kent-0-25 --kind gateway --date 2015-03-02 --title X",
        "milestone set gateway-2015-03 --date 2015-03-16",
    ):
        refused = ask(engine, text, user=MEMBER)
        assert refused.status == "forbidden", text
        assert refused.title.startswith("Only the board's admins can use")


def test_milestone_alone_still_lists_milestones(engine: Engine) -> None:
    answer = ask(engine, "milestone kent", user=MEMBER)
    assert answer.ok and answer.command == "milestone" and "milestone" in answer.title


def test_added_milestone_is_seen_by_gateway_next_and_planned(engine: Engine) -> None:
    added = ask(
        engine,
        "milestone add --programme kent-0-25 --kind gateway --date 2014-11-03T10:30 "
        "--title Implementation gateway",
    )
    assert added.ok, added.title
    assert added.title == "Added gateway Implementation gateway (kent-0-25)."
    assert added.data["milestone"] == "implementation-gateway"
    assert any(line.startswith("Reminder: Mon 20 Oct 2014 09:00 · 14 days") for line in added.lines)
    nxt = ask(engine, "gateway next kent")
    assert nxt.title == "Next gateway: Implementation gateway (kent-0-25)"
    assert nxt.lead.startswith("3 Nov 2014 10:30, in ")
    assert any("Recorded in cyps: added by U0ADMIN" in s for s in nxt.sources)


def test_moving_a_papers_milestone_keeps_the_papers_date_in_a_note(engine: Engine) -> None:
    moved = ask(engine, "milestone set gateway-2015-03 --date 2015-03-16")
    assert moved.ok and moved.title == (
        "Moved Gateway (March 2015) from Mar 2015 to 16 Mar 2015 (haringey-54000)."
    )
    nxt = ask(engine, "gateway next haringey-54000")
    assert nxt.lead.startswith("16 Mar 2015, ")
    sources = ask(engine, "sources gateway next haringey-54000")
    assert any("the paper gives Mar 2015" in line for line in sources.lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("milestone add --programme narnia --kind gateway --date 2015-01-01 --title X", "narnia"),
        (
            "milestone add --programme kent-0-25 --kind party --date 2015-01-01 --title X",
            "not a milestone kind",
        ),
        ("milestone add --programme kent-0-25 --kind gateway --date 2015-13-01 --title X", "real"),
        ("milestone add --programme kent-0-25 --kind gateway --title X", "--date"),
        ("milestone add --kind gateway --date 2015-01-01 --title X", "--programme"),
        ("milestone set no-such-thing --date 2015-01-01", 'No milestone "no-such-thing"'),
        ("milestone set --date 2015-01-01", "Usage: milestone set ID"),
        ("remind leads 7d,1d", "Name the programme"),
        ("remind leads soon kent", "not a lead time"),
        ("remind sometimes", 'Use "remind here"'),
    ],
)
def test_bad_edits_say_what_to_type(engine: Engine, text: str, message: str) -> None:
    answer = ask(engine, text)
    assert answer.status in {"bad_input", "not_found"}, answer.title
    assert message in answer.title


def test_smart_dashes_from_slack_still_read_as_options(engine: Engine) -> None:
    answer = ask(
        engine,
        "milestone add —programme kent-0-25 —kind checkpoint —date 2014-12-01 —title “Design review”",
    )
    assert answer.ok, answer.title
    assert answer.data["milestone"] == "design-review"


def test_remind_leads_sets_a_programmes_own_lead_times(engine: Engine) -> None:
    answer = ask(engine, "remind leads 3d,2h haringey-54000")
    assert answer.title == "Reminders for haringey-54000 now come 3d, 2h before."
    listing = ask(engine, "reminders haringey-54000")
    assert "3 days before" in listing.lines[0]


def test_no_reminders_to_come_says_so_on_the_default_knowledge_base(engine: Engine) -> None:
    context = Context(today=date(2026, 1, 1), now=datetime(2026, 1, 1, tzinfo=LONDON))
    answer = engine.answer("reminders", context)
    assert answer.ok and answer.title == "No reminders to come (from now)."


def test_edits_survive_a_rebuild_of_the_knowledge_base(tmp_path: Path) -> None:
    kb_file = tmp_path / "knowledge.db"
    build_knowledge_base(kb_file)
    env = {"CYPS_HOME": str(tmp_path), "CYPS_DB": str(kb_file)}
    Runtime.start(env).reminders.add_milestone(
        "kent-0-25", "gateway", "2015-03-02", "Go/no-go", ADMIN, NOW
    )
    build_knowledge_base(kb_file)
    edits = MilestoneEdits(StateDB.open(tmp_path / "state.db"))
    fresh = KnowledgeBase.open(kb_file, overlay=edits)
    assert "go-no-go" in {m.id for m in fresh.milestones("kent-0-25", ("gateway",))}


def test_every_edit_changes_the_version_a_running_scheduler_polls(
    desk: StoredReminderSystem,
) -> None:
    versions = [desk.version()]
    desk.add_milestone("kent-0-25", "gateway", "2015-03-02", "A", ADMIN, NOW)
    versions.append(desk.version())
    desk.move_milestone("kent-0-25", "a", "2015-03-09", ADMIN, NOW)
    versions.append(desk.version())
    desk.set_channel("kent-0-25", "C1", ADMIN, NOW)
    versions.append(desk.version())
    desk.set_leads("kent-0-25", "1d", ADMIN, NOW)
    versions.append(desk.version())
    assert len(set(versions)) == len(versions)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-03-02", "2026-03-02"),
        ("2026-03", "2026-03"),
        ("2026-03-02T10:00", "2026-03-02T10:00"),
        ("2026-03-02 10:00:00", "2026-03-02T10:00"),
        ("2026-06-02T10:00+00:00", "2026-06-02T11:00"),
        ("2026-01-02T10:00Z", "2026-01-02T10:00"),
    ],
)
def test_edit_dates_are_iso_8601_and_london_unless_an_offset_is_given(text: str, iso: str) -> None:
    assert parse_milestone_date(text).iso == iso


# ---- the command line -------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    for name in ("CYPS_DB", "CYPS_TODAY", "CYPS_REMINDER_LEADS", "CYPS_REMINDER_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_cli_plan_prints_when_lead_milestone_and_channel(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CYPS_REMINDER_CHANNEL", "C0BOARD")
    assert main(["reminders", "plan", "--from", "2014-01-01", "--to", "2015-01-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "2014-08-18T09:00:00+01:00   14d  haringey-54000/checkpoint-2014-09 checkpoint 2014-09"
        " (day not fixed)  C0BOARD"
    )
    assert out[-1].startswith("3 reminder(s) planned from 2014-01-01T00:00:00+00:00 to ")


def test_cli_plan_from_now_on_the_default_knowledge_base_is_empty(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reminders", "plan"]) == 0
    assert capsys.readouterr().out.startswith("0 reminder(s) planned from ")


def test_cli_milestone_add_and_set_are_seen_by_ask(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "milestone",
                "add",
                "--programme",
                "kent-0-25",
                "--kind",
                "gateway",
                "--date",
                "2015-03-02",
                "--title",
                "Gateway review",
            ]
        )
        == 0
    )
    assert "added kent-0-25/gateway-review gateway on 2 Mar 2015" in capsys.readouterr().out
    assert main(["milestone", "set", "gateway-review", "--date", "2015-03-09"]) == 0
    assert "from 2 Mar 2015 to 9 Mar 2015" in capsys.readouterr().out
    assert main(["ask", "--as-of", "2015-01-01", "gateway", "next", "kent"]) == 0
    assert "Gateway review" in capsys.readouterr().out


def test_cli_milestone_errors_exit_2_with_a_message(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["milestone", "set", "nothing-here", "--date", "2015-03-09"]) == 2
    assert 'No milestone "nothing-here"' in capsys.readouterr().err
    assert main(["reminders", "plan", "--from", "soon"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_cli_sent_shows_an_empty_ledger(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "sent", "--all"]) == 0
    assert capsys.readouterr().out.strip() == "0 record(s)"


def test_cli_run_without_a_token_explains(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["reminders", "run"]) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err


def test_reminders_as_of_a_date_list_from_that_day(engine: Engine) -> None:
    answer = ask(engine, "reminders as of 2014-01-01")
    assert answer.title == "Next 5 of 9 reminders (from 1 Jan 2014)"
    assert answer.lines[0].startswith("Mon 18 Aug 2014 09:00 · 14 days before Checkpoint")


def test_milestone_edits_join_the_change_log_that_history_reads(engine: Engine) -> None:
    assert ask(
        engine, "milestone set gateway-2015-03 --programme haringey-54000 --date 2015-03-23"
    ).ok
    history = ask(engine, "history gateway-2015-03", user=MEMBER)
    assert history.ok and history.data["who"] == [ADMIN]
    assert history.lines[0].endswith("date 2015-03-23 (was 2015-03)")
