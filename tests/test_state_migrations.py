"""state.db's schema comes from one ordered list, and a file written before that list existed
opens with every record kept."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.runtime import Runtime
from commands.call import Context
from knowledge.dates import LONDON
from knowledge.state.migrations import state_migrations
from scheduler.poster import MemoryPoster
from scheduler.scheduling import JOB_PREFIX

FIXTURE = Path(__file__).parent / "fixtures" / "state-before-restructure.sql"
TABLES = (
    "channel_defaults",
    "amounts",
    "rag_overrides",
    "change_log",
    "milestone_edits",
    "edit_versions",
    "reminder_targets",
    "reminder_ledger",
)


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"select * from {t} order by 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def old_home(tmp_path: Path, kb_path: Path) -> dict[str, str]:
    """A data folder whose state.db was written by the code before the restructure."""
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "state.db")
    conn.executescript(FIXTURE.read_text())
    conn.close()
    return {"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)}


def test_a_new_state_db_gets_every_table_from_the_one_list(runtime: Runtime) -> None:
    conn = sqlite3.connect(runtime.paths.state)
    names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    applied = conn.execute(
        "select migration_set, name from _sqlite_migrations order by id"
    ).fetchall()
    assert set(TABLES) <= names
    assert {s for s, _ in applied} == {"cyps-state"}
    assert [n for _, n in applied] == state_migrations.names


def test_an_old_state_db_opens_and_keeps_every_record(old_home: dict[str, str]) -> None:
    path = Path(old_home["CYPS_HOME"]) / "state.db"
    before = rows(path)
    assert all(before[t] for t in TABLES)  # the fixture has a record of every kind
    runtime = Runtime.start(old_home)
    assert rows(path) == before  # migrating touched no row
    applied = sqlite3.connect(path).execute("select name from _sqlite_migrations").fetchall()
    assert len(applied) == 4 + len(state_migrations.names) - 1  # the old four, + the rest

    # ... and the bot reads each kind back as it did.
    assert runtime.channel_defaults.default_programme("C0BOARD") == "haringey-mtfs-2017"
    assert runtime.tracking.amounts("haringey-mtfs-2017", "1.6", "actual") == {
        "2017-18": Decimal("135.5")
    }
    rag = runtime.tracking.rag("haringey-mtfs-2017", "1.7")
    assert rag is not None and (rag.rag, rag.reason) == ("amber", "partners confirmed")
    assert [c.new for c in runtime.change_log.history("haringey-mtfs-2017", "1.6")] == [
        "140",
        "135.5",
        "120",
    ]
    kent = {m.id: m for m in runtime.kb.milestones("kent-0-25")}
    assert kent["gateway-review"].date.iso == "2027-03-02T10:00"
    moved = {m.id: m for m in runtime.kb.milestones("haringey-54000")}["gateway-2015-03"]
    assert moved.date.iso == "2016-03-21"
    setup = runtime.reminders.setup()
    assert setup.channels == {"*": "C0BOARD", "kent-0-25": "C0KENT"}
    assert setup.leads == {"kent-0-25": "7d,1d"}
    assert runtime.reminders.ledger is not None
    assert {e.status for e in runtime.reminders.ledger.entries()} == {"sent", "skipped"}


def test_an_old_state_db_takes_new_writes_after_opening(old_home: dict[str, str]) -> None:
    runtime = Runtime.start(old_home)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    context = Context(today=date(2017, 6, 30), is_admin=True, now=now, channel_id="C0BOARD")
    assert runtime.engine.answer("actual 1.6 2018-19 90k", context).ok
    history = runtime.engine.answer("history 1.6", context)
    assert history.ok and len(history.lines) == 4


def test_an_old_state_dbs_edit_is_planned_and_re_planned_when_moved_again(
    old_home: dict[str, str],
) -> None:
    """Edits made before edits noted their change number are in the first plan, and moving
    one notes it, so the running scheduler re-plans it."""
    now = datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    runtime = Runtime.start(old_home)
    service = runtime.reminder_scheduler(MemoryPoster(), lambda: now, apscheduler=scheduler)
    try:
        service.replan()
        assert "kent-0-25/gateway-review/7d@2027-03-02T10:00" in service.planned
        runtime.reminders.move_milestone("kent-0-25", "gateway-review", "2027-04-06", "U1", now)
        service.check()
        keys = {j.id.removeprefix(JOB_PREFIX) for j in scheduler.get_jobs()}
        assert "kent-0-25/gateway-review/7d@2027-04-06" in keys
        assert not any(k.endswith("@2027-03-02T10:00") for k in keys)
    finally:
        scheduler.shutdown(wait=False)
