"""Recording delivery: admins only, amounts read as typed, a change log, data that survives."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime import Runtime
from commands.amounts import parse_amount
from commands.call import Context
from commands.engine import Engine
from commands.errors import BadInput
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON
from knowledge.delivery_gaps import brag_status, delivery_years
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from knowledge.state.tracking import AmountRecord, Tracking

NOW = datetime(2017, 6, 30, 10, 0, tzinfo=LONDON)


@pytest.fixture
def store(runtime: Runtime) -> Tracking:
    return runtime.tracking


def saved(path: Path) -> list[AmountRecord]:
    """The amounts in the state.db at ``path``, read as another process would."""
    return Tracking(StateDB.open(path)).all_amounts()


@pytest.fixture
def cli_home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder for `cyps` runs, starting from the built knowledge base."""
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    return tmp_path


@pytest.fixture
def engine(runtime: Runtime) -> Engine:
    return runtime.engine


def say(engine: Engine, text: str, user: str = "UADMIN", admin: bool = True):
    return engine.answer(
        text, Context(today=date(2017, 6, 30), user_id=user, is_admin=admin, now=NOW, via="slack")
    )


@pytest.mark.parametrize(
    ("typed", "thousands"),
    [
        ("120k", "120"),
        ("£120k", "120"),
        ("120K", "120"),
        ("0.12m", "120"),
        ("£0.12m", "120"),
        ("120000", "120"),
        ("120,000", "120"),
        ("£120,000", "120"),
        ("1.2m", "1200"),
        ("120", "0.12"),
        ("0k", "0"),
    ],
)
def test_amount_spellings_and_how_each_is_read(typed: str, thousands: str) -> None:
    assert parse_amount(typed).thousands == Decimal(thousands)
    assert typed in parse_amount(typed).explanation


@pytest.mark.parametrize(
    "typed",
    ["abc", "12,0000", "-5k", "£", "1.2.3m", "10 pounds", "9" * 30 + "bn", "0.00001", "0.0001k"],
)
def test_unreadable_amounts_are_refused(typed: str) -> None:
    with pytest.raises(BadInput):
        parse_amount(typed)


def test_non_admin_write_is_refused_and_nothing_is_written(
    engine: Engine, store: Tracking, runtime: Runtime
) -> None:
    answer = say(engine, "actual 1.6 2017-18 120k", user="UNOBODY", admin=False)
    assert answer.status == "forbidden" and "admins" in answer.title
    assert store.all_amounts() == []
    assert runtime.change_log.history("haringey-mtfs-2017", "1.6") == []


def test_help_hides_admin_commands_from_non_admins(engine: Engine) -> None:
    reader = "\n".join(say(engine, "help", admin=False).lines)
    admin = "\n".join(say(engine, "help").lines)
    assert "`actual`" not in reader and "Admins:" not in reader
    assert admin.splitlines()[-1].startswith("Admins: `actual`")  # last, and only for admins


def test_recording_an_actual_echoes_the_reading_and_the_new_gap(engine: Engine) -> None:
    answer = say(engine, "actual 1.6 2017/18 £120,000")
    assert answer.ok
    assert answer.data["year"] == "2017-18" and answer.data["amount_k"] == "120"
    assert "read as £120,000 = £120k" in answer.lines[0]
    assert "2017-18: planned £150k; delivered £120k; gap £30k" in answer.lines


def test_history_after_several_writes_names_who_and_what(engine: Engine) -> None:
    say(engine, "actual 1.6 2017-18 100k", user="U1")
    say(engine, "actual 1.6 2017-18 120k", user="U2")
    say(engine, "forecast 1.6 2018-19 140k", user="U1")
    say(engine, "rag 1.6 green recovering", user="U2")
    answer = say(engine, "history 1.6", admin=False)
    assert answer.data["who"] == ["U2", "U1", "U2", "U1"]
    assert answer.lines[2].endswith("U2 via slack: delivered 2017-18 £120k (was £100k)")
    assert answer.lines[0].endswith("RAG green (recovering) (was amber)")  # the paper's Amber


def test_gap_shows_planned_delivered_forecast_and_brag(engine: Engine) -> None:
    say(engine, "actual 1.6 2017-18 150k")
    say(engine, "forecast 1.6 2018-19 100k")
    answer = say(engine, "gap 1.6")
    assert (
        "2018-19: planned £148k; delivered: not recorded; forecast £100k; gap £48k" in answer.lines
    )
    assert answer.data["brag"] == "amber"


@pytest.mark.parametrize(
    ("delivered", "forecast", "status"),
    [
        ({}, {}, None),
        ({"a": Decimal(150), "b": Decimal(148)}, {}, "blue"),
        ({"a": Decimal(150)}, {}, "green"),
        ({"a": Decimal(120)}, {}, "amber"),
        ({"a": Decimal(100)}, {}, "red"),
        ({"a": Decimal(150)}, {"b": Decimal(100)}, "amber"),
        ({"a": Decimal(150)}, {"b": Decimal(50)}, "red"),
    ],
)
def test_brag_is_derived_from_delivery(delivered: dict, forecast: dict, status: str | None) -> None:
    planned = {"a": Decimal(150), "b": Decimal(148)}
    assert brag_status(delivery_years(planned, delivered, forecast)) == status


def test_tracking_survives_a_rebuild_of_the_knowledge_base_and_a_restart(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "actual", "1.6", "2017-18", "120k"]) == 0
    build_knowledge_base(cli_home / "knowledge.db")
    capsys.readouterr()
    assert main(["ask", "gap", "1.6"]) == 0
    assert "delivered £120k; gap £30k" in capsys.readouterr().out


def test_import_with_one_bad_row_changes_nothing_and_names_the_row(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = cli_home / "delivered.csv"
    sheet.write_text(
        "programme,ref,year,kind,amount\n"
        "haringey-mtfs-2017,1.6,2017-18,actual,120k\n"
        "haringey-mtfs-2017,1.3,2017-18,actual,lots\n"
        "haringey-mtfs-2017,1.1,2017-18,actual,300k\n"
    )
    assert main(["import", str(sheet)]) == 2
    assert "delivered.csv: row 3:" in capsys.readouterr().err
    assert saved(cli_home / "state.db") == []
    sheet.write_text("programme,ref,year,kind,amount\nharingey-mtfs-2017,1.6,2017-18,actual,120k\n")
    assert main(["import", str(sheet)]) == 0
    assert len(saved(cli_home / "state.db")) == 1


def test_export_and_backup_while_running(cli_home: Path) -> None:
    assert main(["ask", "forecast", "1.3", "2018-19", "90k"]) == 0
    assert main(["export", "--csv", str(cli_home / "out")]) == 0
    assert (
        "haringey-mtfs-2017,1.3,2018-19,forecast,90k"
        in (cli_home / "out" / "amounts.csv").read_text()
    )
    assert main(["backup", str(cli_home / "copy.db")]) == 0
    assert len(saved(cli_home / "copy.db")) == 1


def test_a_failure_part_way_through_an_import_rolls_everything_back(
    store: Tracking, runtime: Runtime
) -> None:
    def records():
        yield AmountRecord("haringey-mtfs-2017", "1.6", "2017-18", "actual", Decimal(120))
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        store.import_amounts(records(), who="me", via="import", at=NOW)
    assert store.all_amounts() == [] and runtime.change_log.all() == []


def test_programme_gap_adds_the_delivery_gap_once_actuals_exist(engine: Engine) -> None:
    assert not any("Delivery gap" in line for line in say(engine, "gap haringey-mtfs-2017").lines)
    say(engine, "actual 1.6 2017-18 120k")
    say(engine, "forecast 1.3 2017-18 200k")
    line = next(
        line for line in say(engine, "gap haringey-mtfs-2017").lines if "Delivery gap" in line
    )
    assert "planned £350k, delivered or forecast £320k, gap £30k" in line
    assert "1.3 green" in line and "1.6 amber" in line


def test_reminders_carry_the_delivery_status_once_actuals_exist(
    kb: KnowledgeBase, store: Tracking
) -> None:
    from scheduler.content import build_content
    from scheduler.planning import ReminderPolicy, parse_leads, plan_reminders

    kb_milestones = kb.milestones("haringey-mtfs-2017")
    reminder = plan_reminders(
        kb_milestones, ReminderPolicy(leads=parse_leads("1d"), kinds=("milestone",))
    )[0]
    assert build_content(kb, reminder, NOW, tracking=store).delivery is None
    store.record_amount(
        "haringey-mtfs-2017", "1.6", "2017-18", "actual", Decimal(120), "U1", "slack", NOW
    )
    content = build_content(kb, reminder, NOW, tracking=store)
    assert content.delivery == "planned £150k, delivered or forecast £120k, gap £30k (1.6 amber)"


def test_proposals_list_and_filter_by_the_boards_latest_rag(engine: Engine) -> None:
    say(engine, "rag 1.6 blue delivered early")
    assert say(engine, "proposals blue").lines == (
        "1.6 Adoption and SGO payments · £608k a year · Blue [haringey-mtfs-2017]",
    )
    assert not any(line.startswith("1.6 ") for line in say(engine, "proposals amber").lines)


def test_exported_text_cannot_run_as_a_spreadsheet_formula() -> None:
    from bot.cli_tracking import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("green (on track)") == "green (on track)"
