"""A long import holds the write lock briefly (rows checked first, then written in batches in
one transaction, still all or nothing), and a writer that waits out the lock is told the
data is busy and to try again, never "something went wrong"."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from slack_app_support import ADMIN, ask, make_app, make_services
from slack_support import MockSlack, all_text

from bot.cli import main
from bot.runtime import Runtime
from commands.call import Context
from knowledge.dates import LONDON
from knowledge.state import connection
from knowledge.state.tracking import AmountRecord, Tracking

NOW = datetime(2017, 7, 3, 9, 30, tzinfo=LONDON)
ADMIN_CONTEXT = Context(today=date(2017, 7, 3), user_id=ADMIN, is_admin=True, now=NOW, via="slack")


def records(count: int, kind: str = "actual") -> list[AmountRecord]:
    return [
        AmountRecord("haringey-mtfs-2017", f"p{i % 50}", f"{2000 + i // 50}-{(i // 50 + 1) % 100:02d}",
                     kind, Decimal(i))
        for i in range(count)
    ]  # fmt: skip


def statements_in_the_write(store: Tracking, work: object) -> list[str]:
    """The SQL run from BEGIN IMMEDIATE to COMMIT while ``work()`` runs."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        work()  # type: ignore[operator]
    finally:
        store.conn.set_trace_callback(None)
    begin = seen.index("BEGIN IMMEDIATE")
    return seen[begin : seen.index("COMMIT", begin) + 1]


def test_an_import_is_written_in_batches_not_row_by_row(runtime: Runtime) -> None:
    store = runtime.tracking
    written = statements_in_the_write(
        store, lambda: store.import_amounts(records(2000), "ann", "import", NOW)
    )
    # 2,000 amounts and 2,000 change-log lines, in statements of up to SQLite's 999 values
    # (row by row took 24,000 statements, each with its own checks of the table)
    assert len(written) < 400, len(written)
    assert len(store.all_amounts()) == 2000 and len(runtime.change_log.all()) == 2000


def test_an_import_over_earlier_amounts_logs_what_each_replaced(runtime: Runtime) -> None:
    store = runtime.tracking
    store.import_amounts(records(3), "ann", "import", NOW)
    again = [AmountRecord(r.programme_id, r.proposal_id, r.year, r.kind, r.amount_k + 5)
             for r in records(3)]  # fmt: skip
    store.import_amounts([*again, again[0]], "bob", "import", NOW)  # p0 twice: the last wins
    lines = runtime.change_log.history("haringey-mtfs-2017", "p0")
    assert [(c.who, c.old, c.new) for c in lines] == [
        ("bob", "5", "5"),
        ("bob", "0", "5"),
        ("ann", "", "0"),
    ]
    assert [r.amount_k for r in store.all_amounts()] == [5, 6, 7]


def test_a_failure_inside_the_write_leaves_nothing_behind(runtime: Runtime) -> None:
    store = runtime.tracking
    store.conn.execute(
        "create temp trigger boom before insert on change_log when new.subject = 'p7'"
        " begin select raise(abort, 'the disk went away'); end"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.import_amounts(records(500), "ann", "import", NOW)
    assert store.all_amounts() == [] and runtime.change_log.all() == []


@pytest.fixture
def locked(runtime: Runtime) -> Iterator[sqlite3.Connection]:
    """Another process holding state.db's write lock, with this one's stores waiting 50 ms."""
    for store in (runtime.tracking, runtime.channel_defaults):
        store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(runtime.paths.state, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.parametrize("question", ["actual 1.6 2017-18 120k", "use kent"])
def test_a_write_that_waits_out_the_lock_is_told_the_data_is_busy(
    runtime: Runtime, locked: sqlite3.Connection, question: str
) -> None:
    answer = runtime.engine.answer(question, ADMIN_CONTEXT)
    assert answer.status == "busy", answer
    assert "busy" in answer.title and "try again" in answer.title
    assert "went wrong" not in answer.title


def test_in_slack_an_admins_write_during_an_import_says_busy(
    runtime: Runtime, locked: sqlite3.Connection, mock: MockSlack
) -> None:
    app = make_app(mock, make_services(runtime.engine))
    status, message = ask(app, mock, "actual 1.6 2017-18 120k", user_id=ADMIN)
    assert status == 200 and "busy" in all_text(message) and "went wrong" not in all_text(message)


def test_cyps_import_while_another_holds_the_lock_exits_2_saying_busy(
    tmp_path: Path,
    kb_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    Runtime.start({"CYPS_HOME": str(tmp_path)})  # the state.db exists, as it would
    sheet = tmp_path / "delivered.csv"
    sheet.write_text("programme,ref,year,kind,amount\nharingey-mtfs-2017,1.6,2017-18,actual,120k\n")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(tmp_path / "state.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert main(["import", str(sheet)]) == 2
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert "busy" in err and "try again" in err and "Traceback" not in err
