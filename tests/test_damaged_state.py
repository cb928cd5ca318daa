"""A damaged ``state.db`` stops every face with exit 2 and a message that names the file and
how to put a backup back; the bot never starts a new one on top of a file that held data."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime import Runtime
from bot.settings import ConfigError
from knowledge.dates import LONDON
from knowledge.state.connection import StateDB, StateFileError
from knowledge.state.tracking import AmountRecord, Tracking


@pytest.fixture
def home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with a state.db that holds records, set as the CLI's CYPS_HOME."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copy(kb_path, folder / "knowledge.db")
    tracking = Tracking(StateDB.open(folder / "state.db"))
    records = [AmountRecord("p", f"r{i}", "2017-18", "actual", Decimal(i)) for i in range(400)]
    tracking.import_amounts(records, "ann", "import", datetime(2017, 7, 3, tzinfo=LONDON))
    tracking.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    monkeypatch.setenv("CYPS_HOME", str(folder))
    monkeypatch.delenv("CYPS_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


def emptied(path: Path) -> None:
    path.write_bytes(b"")


def scrambled(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def made_a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE = [emptied, scrambled, truncated, made_a_folder]


def fingerprint(path: Path) -> str:
    return "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
@pytest.mark.parametrize(
    "argv", [["ask", "savings", "1.6"], ["bot", "--shell"], ["export", "--csv", "out"]]
)
def test_a_damaged_state_db_exits_2_naming_the_file_and_the_way_back(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path], None],
    argv: list[str],
) -> None:
    state = home / "state.db"
    damage(state)
    before = fingerprint(state)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(state) in err and "cyps backup" in err and "copy the backup over" in err
    assert "Traceback" not in err
    assert fingerprint(state) == before  # left exactly as it was found


def test_the_runtime_reports_an_empty_state_db_rather_than_starting_afresh(home: Path) -> None:
    emptied(home / "state.db")
    with pytest.raises(ConfigError, match=r"is empty \(0 bytes\)"):
        Runtime.start({"CYPS_HOME": str(home)})
    assert (home / "state.db").stat().st_size == 0


def test_restoring_a_backup_brings_every_record_back(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", str(home / "backup.db")]) == 0
    truncated(home / "state.db")
    assert main(["ask", "savings", "1.6"]) == 2
    shutil.copy(home / "backup.db", home / "state.db")  # what the message says to do
    runtime = Runtime.start({"CYPS_HOME": str(home)})
    assert len(runtime.tracking.all_amounts()) == 400


def test_processes_creating_state_db_at_once_all_open_the_same_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "state.db"
    opened: list[StateDB] = []
    failed: list[BaseException] = []

    def open_it() -> None:
        try:
            opened.append(StateDB.open(path))
        except BaseException as error:
            failed.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == [] and len(opened) == 8
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("state.db")) == []


def test_the_named_error_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"not sqlite at all")
    with pytest.raises(StateFileError) as raised:
        StateDB.open(path)
    assert raised.value.path == path and raised.value.reason == "is not a SQLite database"
