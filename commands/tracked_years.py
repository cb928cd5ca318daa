"""The financial year a delivered or forecast amount is recorded for, read and checked
against the programme's own years (``actual``, ``forecast`` and ``cyps import``)."""

from __future__ import annotations

from commands.errors import BadInput
from knowledge.dates import BadFinancialYear, parse_financial_year
from knowledge.programme_years import financial_year_label, financial_year_span
from knowledge.queries import KnowledgeBase


def tracked_year(kb: KnowledgeBase, programme_id: str, text: str) -> str:
    """``text`` as a financial year (``2017/18`` -> ``2017-18``) that records for the
    programme may be kept under: its papers' years, or a few either side."""
    try:
        year = parse_financial_year(text)
    except BadFinancialYear as error:
        raise BadInput(str(error)) from None
    span = financial_year_span(kb, programme_id)
    if span is not None and not span.allows(year):
        raise BadInput(
            f'"{text}" is outside the years of {programme_id}: its papers cover '
            f"{financial_year_label(span.first)} to {financial_year_label(span.last)}, so give "
            f"a financial year from {financial_year_label(span.earliest)} to "
            f"{financial_year_label(span.latest)}."
        )
    return year
