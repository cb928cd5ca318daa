"""Finance arithmetic as pure functions over exact Decimals: sums, running totals, and
whether a printed figure agrees with the one worked out. Gaps are in ``knowledge.gap_lines``,
ratios, ROI and payback in ``knowledge.roi``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

ZERO = Decimal(0)


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def totals_by_year(series: Iterable[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Add several by-year series together, keeping the years in first-seen order."""
    result: dict[str, Decimal] = {}
    for one in series:
        for year, value in one.items():
            result[year] = result.get(year, ZERO) + value
    return result


def cumulative(values: Iterable[Decimal]) -> list[Decimal]:
    running, result = ZERO, []
    for value in values:
        running += value
        result.append(running)
    return result


def printed_precision(value: Decimal) -> Decimal:
    """The unit of the last digit printed: 3.2 -> 0.1, 4820 -> 1."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)


def agreement(stated: Decimal, computed: Decimal, precision: Decimal | None = None) -> str:
    """ "match" when the stated figure is the computed one rounded to its printed precision,
    "rounding" when it is within one printed unit (truncated or loosely rounded), else "mismatch".
    """
    unit = precision if precision is not None else printed_precision(stated)
    difference = abs(stated - computed)
    if difference <= unit / 2:
        return "match"
    if difference < unit:
        return "rounding"
    return "mismatch"
