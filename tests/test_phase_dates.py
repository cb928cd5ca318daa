"""Which phase runs on a day: printed ends read at their precision, open ends closed by the
next phase's start."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.queries import KnowledgeBase


def running(kb: KnowledgeBase, programme_id: str, day: str) -> set[str]:
    return {p.id for p in kb.phases_on(programme_id, date.fromisoformat(day))}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2012-05-31", set()),  # before phase 1's season
        ("2012-06-01", {"phase-1"}),  # "summer 2012" counts from 1 June
        ("2013-01-31", {"phase-1"}),  # phase 1 has no end: it runs until phase 2 starts
        ("2013-02-01", {"phase-2"}),
        ("2013-11-01", {"phase-2", "phase-2-extension"}),
        ("2014-01-01", {"phase-2", "phase-3"}),
        ("2014-01-31", {"phase-2", "phase-3"}),  # a month-only end runs to the month's last day
        ("2014-02-01", {"phase-3"}),
        ("2017-03-31", {"phase-5"}),
        ("2017-04-01", set()),
    ],
)
def test_phases_on_reads_each_end_at_its_printed_precision(
    kb: KnowledgeBase, day: str, expected: set[str]
) -> None:
    assert running(kb, "haringey-54000", day) == expected


def test_a_phase_with_no_start_never_runs(kb: KnowledgeBase) -> None:
    days = ("2014-01-01", "2014-07-01", "2015-06-01", "2020-01-01")
    assert all("assessment" not in running(kb, "kent-0-25", day) for day in days)
