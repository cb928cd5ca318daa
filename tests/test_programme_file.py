"""Programme files as typed records: each broken file names the place and says what to type."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from knowledge.source_files import Problem, check_programme

Data = dict[str, Any]


def small_file() -> Data:
    """A tiny valid programme file, as ``tomllib`` would read it (decimals as ``Decimal``)."""
    return {
        "programme": {
            "id": "demo",
            "council": "Demo",
            "title": "Demo programme",
            "document": "demo.txt",
            "document_title": "Demo paper",
            "source": "front page",
        },
        "phases": [
            {"id": "p1", "name": "One", "start": "2014-04", "end": "2015-03", "source": "s"}
        ],
        "milestones": [
            {"id": "m1", "kind": "gateway", "date": "2014-09", "title": "G", "source": "s"}
        ],
        "proposals": [{"id": "1.1", "name": "Early help", "rag": "blue", "source": "s"}],
        "tables": [
            {
                "id": "t",
                "title": "Savings",
                "unit": "GBP k",
                "columns": ["2014-15", "Total"],
                "total_column": "Total",
                "yearly": "increments",
                "source": "table 1",
                "rows": [
                    {"label": "A", "values": [1, 1], "measure": "savings"},
                    {"label": "B", "values": [Decimal("2.5"), "-"]},
                    {"label": "A-B", "values": [0, 0], "kind": "difference", "of": ["A", "B"]},
                ],
            }
        ],
        "figures": [
            {
                "id": "f1",
                "measure": "fee",
                "value": Decimal("5.5"),
                "unit": "months",
                "source": "s",
            },
            {"id": "f2", "measure": "total", "value": 3, "unit": "GBP k", "source": "s"},
            {"id": "f3", "measure": "ratio", "value": 2, "unit": "ratio", "source": "s"},
        ],
    }


def problems_after(change: Callable[[Data], object]) -> list[tuple[str, str]]:
    data = small_file()
    change(data)
    programme_file, problems = check_programme(data, "demo.toml")
    assert (programme_file is None) == bool(problems)
    return [(p.where, p.reason) for p in problems]


def test_the_small_file_is_valid_with_blue_rag_and_months() -> None:
    programme_file, problems = check_programme(small_file(), "demo.toml")
    assert problems == [] and programme_file is not None
    assert programme_file.proposals[0].rag == "blue"
    assert programme_file.figures[0].unit == "months"


def test_ints_become_exact_decimals_and_decimals_stay_as_written() -> None:
    programme_file, _ = check_programme(small_file(), "demo.toml")
    assert programme_file is not None
    assert programme_file.figures[1].value == Decimal(3)
    assert str(programme_file.figures[0].value) == "5.5"
    assert programme_file.tables[0].rows[1].values == (Decimal("2.5"), "-")


def figure(data: Data, **changes: object) -> None:
    data["figures"][0].update(changes)


def row(data: Data, index: int, **changes: object) -> None:
    data["tables"][0]["rows"][index].update(changes)


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (lambda d: figure(d, value=True), "figures[0].value", "true is not a number"),
        (lambda d: figure(d, value="5.5"), "figures[0].value", '"5.5" is not a number'),
        (
            lambda d: d["proposals"][0].update(colour="red"),
            "proposals[0]",
            'unknown key "colour" (allowed: aliases, basis, breakdown, budget_unit, current_budget, '
            "description, id, name, note, officer, payback, rag, ref, saving_type, service_area, "
            "short_name, source, staff, staff_change)",
        ),
        (
            lambda d: d["proposals"][0].update(staff_change={"2017/18": 10}),
            'proposals[0].staff_change["2017/18"]',
            'write the financial year as "2017-18"',
        ),
        (
            lambda d: d["proposals"][0].update(staff_change={"2017-19": 10}),
            'proposals[0].staff_change["2017-19"]',
            '"2017-19" is not a financial year: the second year must follow the first',
        ),
        (
            lambda d: d["proposals"][0].update(staff_change={"2017-18": "ten"}),
            'proposals[0].staff_change["2017-18"]',
            '"ten" is not a number',
        ),
        (
            lambda d: d["proposals"][0].update(rag="orange"),
            "proposals[0].rag",
            '"orange" is not one of red, amber, green, blue',
        ),
        (
            lambda d: d["proposals"][0].update(current_budget=False),
            "proposals[0].current_budget",
            "false must be a number or text",
        ),
        (lambda d: d.pop("programme"), "", "missing [programme] table"),
        (lambda d: d["phases"][0].pop("name"), "phases[0]", 'missing required key "name"'),
        (lambda d: d["phases"][0].update(source=" "), "phases[0].source", "is empty"),
        (
            lambda d: d["phases"][0].update(end="2014-01"),
            "phases[0].end",
            "2014-01 is before the start 2014-04",
        ),
        (
            lambda d: d["phases"][0].update(number=True),
            "phases[0].number",
            "true is not a whole number",
        ),
        (
            lambda d: d["milestones"][0].update(date="2014-13"),
            "milestones[0].date",
            '"2014-13" is not a real date (month must be in 1..12)',
        ),
        (
            lambda d: d["milestones"][0].update(kind="gate"),
            "milestones[0].kind",
            '"gate" is not one of checkpoint, gateway, decision, go-live, milestone, review',
        ),
        (
            lambda d: d["tables"][0].update(column_labels=["2014/15"]),
            "tables[0].column_labels",
            "must list 2 headings, one per column",
        ),
        (
            lambda d: d["tables"][0].update(total_column="Sum"),
            "tables[0].total_column",
            '"Sum" is not one of the columns',
        ),
        (
            lambda d: d["tables"][0].update(figures="no"),
            "tables[0].figures",
            '"no" must be true or false',
        ),
        (
            lambda d: d["tables"][0].pop("yearly"),
            "tables[0].yearly",
            'a table with financial-year columns needs yearly = "increments" or "levels"',
        ),
        (
            lambda d: d["tables"][0].update(yearly="cumulative"),
            "tables[0].yearly",
            '"cumulative" is not one of increments, levels',
        ),
        (
            lambda d: d["tables"][0].update(columns=[]),
            "tables[0].columns",
            "must be a non-empty list of column names",
        ),
        (
            lambda d: row(d, 1, values=[1]),
            "tables[0].rows[1].values",
            "has 1 cells; the table has 2 columns",
        ),
        (
            lambda d: row(d, 1, values=[1, True]),
            "tables[0].rows[1].values[1]",
            'true must be a number, "-", "" or text',
        ),
        (
            lambda d: row(d, 2, of=["A", "C"]),
            "tables[0].rows[2].of",
            '"C" is not a row of this table',
        ),
        (
            lambda d: row(d, 2, of=["A"]),
            "tables[0].rows[2].of",
            "a difference row needs of = [row label, row label]",
        ),
        (
            lambda d: row(d, 2, kind="running", of=["A", "B"]),
            "tables[0].rows[2].of",
            "a running row needs of = the label of a row of this table",
        ),
        (lambda d: row(d, 0, sign=True), "tables[0].rows[0].sign", "must be 1 or -1"),
        (
            lambda d: figure(d, ratio_of=["f2"]),
            "figures[0].ratio_of",
            "must name exactly a numerator and a denominator",
        ),
        (
            lambda d: figure(d, sum_of="f2"),
            "figures[0].sum_of",
            "must be a list of figure ids or table cells",
        ),
        (
            lambda d: d["programme"].update(aliases=["demo", 3]),
            "programme.aliases[1]",
            "3 is not text",
        ),
        (
            lambda d: d.update(phases={"id": "p1"}),
            "phases",
            "must be an array of tables ([[phases]])",
        ),
    ],
)
def test_a_broken_record_names_its_place_and_reason(
    change: Callable[[Data], object], where: str, reason: str
) -> None:
    assert problems_after(change) == [(where, reason)]


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (lambda d: d["programme"].update(id="other"), "programme.id", '"other" must match the file name "demo"'),
        (lambda d: d["milestones"][0].update(phase="p2"), "milestones[0].phase", '"p2" is not a phase id in this file'),
        (lambda d: row(d, 0, proposal="9.9"), "tables[0].rows[0].proposal", '"9.9" is not a proposal id in this file'),
        (lambda d: figure(d, id="f2"), "figures[1].id", '"f2" is used twice'),
        (lambda d: figure(d, sum_of=["f9"]), "figures[0].sum_of[0]", '"f9" is not a figure id in this file'),
        (lambda d: figure(d, sum_of=["t:A"]), "figures[0].sum_of[0]", '"t:A" must be "table-id:row label:column"'),
        (lambda d: figure(d, sum_of=["x:A:Total"]), "figures[0].sum_of[0]", '"x:A:Total": no table "x"'),
        (lambda d: figure(d, sum_of=["t:C:Total"]), "figures[0].sum_of[0]", '"t:C:Total": table "t" has no row "C"'),
        (lambda d: figure(d, ratio_of=["f2", "t:A:2015-16"]), "figures[0].ratio_of[1]", '"t:A:2015-16": table "t" has no column "2015-16"'),
    ],
)  # fmt: skip
def test_a_reference_to_nothing_names_its_place_and_reason(
    change: Callable[[Data], object], where: str, reason: str
) -> None:
    assert problems_after(change) == [(where, reason)]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    def break_several(data: Data) -> None:
        figure(data, value=True, unit="pounds")
        row(data, 0, values=[1])
        row(data, 1, values=[1, 2, 3])
        data["milestones"][0]["kind"] = "gate"

    assert problems_after(break_several) == [
        ("milestones[0].kind", '"gate" is not one of checkpoint, gateway, decision, go-live, milestone, review'),
        ("tables[0].rows[0].values", "has 1 cells; the table has 2 columns"),
        ("tables[0].rows[1].values", "has 3 cells; the table has 2 columns"),
        ("figures[0].value", "true is not a number"),
        ("figures[0].unit", '"pounds" is not one of GBP k, GBP m, GBP, %, ratio, count, FTE, years, quarters, months, weeks, EUR'),
    ]  # fmt: skip


def test_references_wait_until_the_records_are_well_formed() -> None:
    """A phase with a broken id is reported once, not again at every reference to it."""
    problems = problems_after(lambda d: d["phases"][0].update(id=3))
    assert problems == [("phases[0].id", "3 is not text")]


def test_a_problem_prints_file_place_and_reason() -> None:
    assert str(Problem("demo.toml", "figures[0].value", "true is not a number")) == (
        "demo.toml: figures[0].value: true is not a number"
    )
