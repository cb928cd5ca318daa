"""The financial years a programme's papers speak of, so a year typed for it can be checked.

A board records delivery for the years its programme runs, give or take a few: a year such as
``0000-01`` or ``9999-00`` is a typo, and stored it would sit in every delivery answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.dates import (
    BadFinancialYear,
    financial_year_of,
    looks_like_financial_year,
    parse_financial_year,
)
from knowledge.queries import KnowledgeBase

YEARS_EITHER_SIDE = 3


def financial_year_label(start: int) -> str:
    """``2017`` -> ``2017-18``."""
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class YearSpan:
    """The first and last financial years (by the year each starts) a programme's papers
    name, and the wider span records for it may fall in."""

    first: int
    last: int

    @property
    def earliest(self) -> int:
        return self.first - YEARS_EITHER_SIDE

    @property
    def latest(self) -> int:
        return self.last + YEARS_EITHER_SIDE

    def allows(self, financial_year: str) -> bool:
        """Whether a normalised year (``2017-18``) falls in the wider span."""
        return self.earliest <= int(financial_year[:4]) <= self.latest


def _start(text: str) -> int | None:
    if not looks_like_financial_year(text):
        return None
    try:
        return int(parse_financial_year(text)[:4])
    except BadFinancialYear:  # a span such as 2014-17
        return None


def financial_year_span(kb: KnowledgeBase, programme_id: str) -> YearSpan | None:
    """The years the programme's figures, tables, savings lines, phases and paper date fall
    in; None when its papers give no dates at all. Worked out once per build."""
    return kb.memo(("financial-year-span", programme_id), lambda: _span(kb, programme_id))


def _span(kb: KnowledgeBase, programme_id: str) -> YearSpan | None:
    named = [figure.period for figure in kb.figures(programme_id)]
    named += [column for table in kb.tables(programme_id) for column in table.columns]
    for proposal in kb.proposals(programme_id):
        savings = kb.proposal_savings(programme_id, proposal.id)
        named += [year for year, _ in savings.by_year] if savings else []
    starts = {start for start in map(_start, named) if start is not None}
    programme = kb.programme(programme_id)
    dates = [programme.paper_date] if programme and programme.paper_date else []
    dates += [d for phase in kb.phases(programme_id) for d in (phase.start, phase.end) if d]
    starts.update(int(financial_year_of(d.first_day())[:4]) for d in dates)
    return YearSpan(min(starts), max(starts)) if starts else None
