"""How a run of yearly savings reads, by what the paper's table says its years mean.

A table of yearly increments (each year's new saving, as in a savings plan) reaches its total
as a saving a year once everything is in place: "£608k a year by 2019-20", with each year shown
as what it adds (+£150k). A table of yearly levels (what is saved in each year) builds up to a
full year's saving and adds up to the total saved over the years: "£17.7m a year by 2017-18;
£59.9m over 2014-15 to 2018-19".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from commands.answer import Cell
from commands.formatting import flagged, money
from knowledge.model import INCREMENTS

YearValues = Sequence[tuple[str, Decimal]]


def _nonzero(by_year: YearValues) -> list[tuple[str, Decimal]]:
    return [(year, value) for year, value in by_year if value != 0]


def savings_lead(by_year: YearValues, yearly: str, unit: str, total: Decimal | None = None) -> str:
    """The figure first: the saving a year once in place, and over the years for levels.

    ``total`` is the paper's printed total where it prints one (else the years are added)."""
    years = _nonzero(by_year)
    if not years:
        return "No saving is printed for any year."
    first, last = years[0][0], years[-1][0]
    if yearly == INCREMENTS:
        reached = total if total is not None else sum((v for _, v in years), Decimal(0))
        if first == last:
            return f"{money(reached, unit)} a year from {first}"
        return f"{money(reached, unit)} a year by {last}, built up from {first}"
    peak = max(v for _, v in years)
    peak_year = next(year for year, value in years if value == peak)
    over = total if total is not None else sum((v for _, v in years), Decimal(0))
    return f"{money(peak, unit)} a year by {peak_year}; {money(over, unit)} over {first} to {last}"


def savings_cells(
    by_year: YearValues, yearly: str, unit: str, flag: Callable[[str], str] = lambda _: ""
) -> tuple[Cell, ...]:
    """Each year that prints a saving, as what it adds (+£150k) or what it saves (£7.6m)."""
    sign = "+" if yearly == INCREMENTS else ""
    return tuple(
        Cell(year, f"{sign}{money(value, unit)}", flag(year)) for year, value in _nonzero(by_year)
    )


def savings_phrase(by_year: YearValues, yearly: str, unit: str) -> str:
    """The same in one short phrase, for a line among others."""
    years = _nonzero(by_year)
    if not years:
        return "none printed"
    parts = ", ".join(
        f"{'+' if yearly == INCREMENTS else ''}{money(v, unit)} in {y}" for y, v in years
    )
    return parts


def year_lead(
    by_year: YearValues,
    asked: Sequence[str],
    unit: str,
    total: Decimal | None = None,
    flag: Callable[[str], str] = lambda _: "",
) -> str:
    """The years asked for, figure first, out of the whole: "2019-20 £310k of £608k over
    2017-18 to 2019-20". A year the paper prints no saving for is said so, with the years it
    does."""
    years = _nonzero(by_year)
    if not years:
        return "No saving is printed for any year."
    values = dict(by_year)
    first, last = years[0][0], years[-1][0]
    found = [year for year in asked if values.get(year)]
    if not found:
        return f"No saving is printed for {' and '.join(asked)}; it saves in {first} to {last}."
    over = total if total is not None else sum((v for _, v in years), Decimal(0))
    parts = " and ".join(
        flagged(f"{year} {money(values[year], unit)}", flag(year)) for year in found
    )
    whole = flagged(money(over, unit), flag("total"))
    return f"{parts} of {whole} over {first} to {last}"


def cells_text(cells: Sequence[Cell]) -> str:
    """Year cells as one line, for a part of an answer held back behind ``more``."""
    return " | ".join(flagged(f"{c.label} {c.value}", c.flag) for c in cells)
