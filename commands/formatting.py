"""Plain-text forms of money, ratios and dates shared by every face of the bot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from knowledge.dates import PaperDate
from knowledge.gaps import DeliveryGap
from knowledge.model import Amount, Proposal, YearSavings

_UNIT_SUFFIX = {"GBP k": "k", "GBP m": "m", "GBP": ""}


def number(value: Decimal) -> str:
    """Digits as printed: 2,739 and 7.6 and 0.0 stay as they are (a Decimal keeps its places)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return f"{int(value):,}"
    return f"{value:,f}"


@lru_cache(maxsize=4096)
def money(value: Decimal, unit: str) -> str:
    """``£2,739k`` or ``£7.6m``: the paper's own unit, exact, negatives with a minus sign."""
    if unit in _UNIT_SUFFIX:
        sign = "-" if value < 0 else ""
        return f"{sign}£{number(abs(value))}{_UNIT_SUFFIX[unit]}"
    if unit == "%":
        return f"{number(value)}%"
    if unit == "ratio":
        return f"{number(value)}:1"
    if unit == "EUR":
        return f"€{number(value)}"
    return f"{number(value)} {unit}"


def amount(value: Amount) -> str:
    return money(value.value, value.unit)


def ratio(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value.quantize(Decimal(1).scaleb(-places))}:1"


def percent(value: Decimal | None) -> str:
    if value is None:
        return "n/a"
    return f"{value.quantize(Decimal('0.1'))}%"


def when(paper_date: PaperDate) -> str:
    return paper_date.display()


def days_to_go(paper_date: PaperDate, today: date) -> str:
    """ "in 12 days", "today", "3 days ago"; a month-only date counts from its first day."""
    return days_phrase((paper_date.first_day() - today).days, paper_date.exact_day)


def days_phrase(days: int, exact_day: bool = True) -> str:
    """Days to go in words, shared by answers and reminders."""
    approx = "" if exact_day else ", counting from the 1st"
    if days == 0:
        return "today" + approx
    if days == 1:
        return "tomorrow" + approx
    if days > 0:
        return f"in {days} days{approx}"
    return f"{-days} day{'s' if days != -1 else ''} ago{approx}"


def money_k(value_k: Decimal) -> str:
    """A computed amount in GBP thousands, shown in £m from a million up: £59.9m, £810k."""
    if abs(value_k) >= 1000:
        millions = (value_k / 1000).quantize(Decimal("0.001")).normalize()
        return f"{'-' if millions < 0 else ''}£{abs(millions):,f}m"
    whole = value_k.quantize(Decimal(1)) if value_k == value_k.to_integral_value() else value_k
    return money(whole, "GBP k")


def shortfall_text(shortfall_k: Decimal) -> str:
    """How a savings gap reads: "gap £30k", or by how much the lines exceed the target."""
    if shortfall_k > 0:
        return f"gap {money_k(shortfall_k)}"
    return f"identified exceeds the target by {money_k(-shortfall_k)}"


def delivery_gap_text(found: DeliveryGap) -> str:
    """Plan against delivered-or-forecast for the years reported, with each proposal's BRAG."""
    statuses = ", ".join(f"{ref} {status}" for ref, status in found.statuses)
    return (
        f"planned {money_k(found.planned_k)}, delivered or forecast {money_k(found.expected_k)}, "
        f"gap {money_k(found.gap_k)} ({statuses})"
    )


def years_line(savings: YearSavings) -> str:
    """``2017-18 £150k | 2018-19 £148k | total £608k`` (years with nothing printed are left out)."""
    parts = [
        f"{year} {money(value, savings.unit)}" for year, value in savings.by_year if value != 0
    ]
    total = savings.stated_total if savings.stated_total is not None else savings.computed_total
    parts.append(f"total {money(total, savings.unit)}")
    return " | ".join(parts)


def budget_text(proposal: Proposal) -> str:
    return _budget_text(proposal.current_budget, proposal.budget_unit)


@lru_cache(maxsize=1024)
def _budget_text(printed: str, unit: str) -> str:
    """The budget as printed (``2,739``) in money form; kept as printed if not a number."""
    try:
        return money(Decimal(printed.replace(",", "")), unit)
    except ArithmeticError:
        return printed


def title_case_rag(rag: str | None) -> str:
    return rag.capitalize() if rag else "not given"
