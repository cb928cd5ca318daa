"""Delivery is recorded only for financial years inside the programme's own years, or a few
either side: ``0000-01``, ``9999-00`` and ``FY99-00`` are typos, and stored they would give
the proposal a delivery status of their own."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime import Runtime
from commands.call import Context
from knowledge.dates import LONDON, parse_financial_year
from knowledge.programme_years import YearSpan, financial_year_span
from knowledge.queries import KnowledgeBase

CONTEXT = Context(today=date(2017, 7, 3), is_admin=True, now=datetime(2017, 7, 3, 9, tzinfo=LONDON))
RANGE = "give a financial year from 2013-14 to 2024-25"


@pytest.mark.parametrize("year", ["0000-01", "9999-00", "FY99-00", "2099/00", "1999-00", "2025-26"])
def test_a_year_outside_the_programmes_is_refused_naming_the_range(
    runtime: Runtime, year: str
) -> None:
    for command in ("actual", "forecast"):
        answer = runtime.engine.answer(f"{command} 1.6 {year} 120k", CONTEXT)
        assert answer.status == "bad_input" and RANGE in answer.title, answer
    assert runtime.tracking.all_amounts() == []
    savings = runtime.engine.answer("savings 1.6", CONTEXT)
    assert not any("Delivery status" in line for line in savings.lines)


@pytest.mark.parametrize("year", ["2013-14", "2017-18", "2021/22", "FY24-25"])
def test_a_year_inside_the_programmes_or_near_it_is_recorded(runtime: Runtime, year: str) -> None:
    assert runtime.engine.answer(f"actual 1.6 {year} 120k", CONTEXT).ok


def test_an_import_names_the_row_and_the_range_for_a_year_out_of_reach(
    tmp_path: Path,
    kb_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.setenv("CYPS_DB", str(kb_path))
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "delivered.csv"
    sheet.write_text(
        "programme,ref,year,kind,amount\n"
        "haringey-mtfs-2017,1.6,2017-18,actual,120k\n"
        "haringey-mtfs-2017,1.6,9999-00,actual,120k\n"
    )
    assert main(["import", str(sheet)]) == 2
    err = capsys.readouterr().err
    assert "delivered.csv: row 3:" in err and RANGE in err
    assert (
        Runtime.start({"CYPS_HOME": str(tmp_path), "CYPS_DB": str(kb_path)}).tracking.all_amounts()
        == []
    )


def test_each_programmes_years_come_from_its_papers(kb: KnowledgeBase) -> None:
    spans = {p.id: financial_year_span(kb, p.id) for p in kb.programmes()}
    assert spans["haringey-mtfs-2017"] == YearSpan(2016, 2021)  # paper 2017; 2017-18 to 2021-22
    assert spans["kent-0-25"] == YearSpan(2014, 2018)
    assert financial_year_span(kb, "no-such-programme") is None


def test_a_financial_year_always_has_four_digits_for_its_start() -> None:
    assert parse_financial_year("0000-01") == "0000-01"
