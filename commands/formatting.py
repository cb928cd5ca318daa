"""Plain-text forms of money, ratios and dates shared by every face of the bot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge.dates import PaperDate, last_day
from knowledge.model import Amount, Proposal, YearSavings

if TYPE_CHECKING:  # worded here, worked out by the gap command
    from knowledge.delivery_gaps import DeliveryGap
    from knowledge.gaps import SavingsGap

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
    if unit == "count":  # "40 count" is a column, not a phrase: the measure names what is counted
        return number(value)
    if unit == "years" and value == 1:
        return "1 year"
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


NOT_FIXED = " (day not fixed)"


def day_text(day: date) -> str:
    """``1 Oct 2014``: a day as people write it, not ISO."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_phrase(paper_date: PaperDate, today: date) -> str:
    """A date said once, humanly: ``Mar 2016 (day not fixed), about 10 years ago``."""
    fixed = "" if paper_date.exact_day else NOT_FIXED
    return f"{paper_date.display()}{fixed}, {how_far(paper_date, today)}"


def how_far(paper_date: PaperDate, today: date) -> str:
    """How far off a date is; "this month" (or season, or year) while today falls in it."""
    if not paper_date.exact_day and paper_date.first_day() <= today <= last_day(paper_date):
        return f"this {'month' if paper_date.exact_month else paper_date.precision}"
    return relative_days((paper_date.first_day() - today).days)


def days_to_go(paper_date: PaperDate, today: date) -> str:
    """How far off a date is in words; a month-only date counts from its first day."""
    return relative_days((paper_date.first_day() - today).days)


def relative_days(days: int) -> str:
    """Exact within a month ("in 12 days"), then about so many months or years."""
    ahead = days > 0
    span = abs(days)
    if span == 0:
        return "today"
    if span == 1:
        return "tomorrow" if ahead else "yesterday"
    if span <= 31:
        amount = f"{span} days"
    elif span < 730:
        months = round(span / 30.44)
        amount = f"about {months} month{'s' if months != 1 else ''}"
    else:
        amount = f"about {round(span / 365.25)} years"
    return f"in {amount}" if ahead else f"{amount} ago"


def days_phrase(days: int, exact_day: bool = True) -> str:
    """Days to go in words for reminders, which come 14, 7 or 1 day before: always exact."""
    fixed = "" if exact_day else NOT_FIXED
    if days == 0:
        return "today" + fixed
    if days == 1:
        return "tomorrow" + fixed
    if days > 0:
        return f"in {days} days{fixed}"
    return f"{-days} day{'s' if days != -1 else ''} ago{fixed}"


def sentence_case(text: str) -> str:
    """The first letter up, the rest as written: "LAC reduction" stays LAC, not "Lac"."""
    return text[:1].upper() + text[1:]


def flagged(value: str, flag: str) -> str:
    """A figure with what the audit found wrong with it, beside it."""
    return f"{value} (⚠ {flag})" if flag else value


def money_k(value_k: Decimal) -> str:
    """A computed amount in GBP thousands, shown in £m from a million up: £59.9m, £810k."""
    if abs(value_k) >= 1000:
        millions = (value_k / 1000).quantize(Decimal("0.001")).normalize()
        return f"{'-' if millions < 0 else ''}£{abs(millions):,f}m"
    whole = value_k.quantize(Decimal(1)) if value_k == value_k.to_integral_value() else value_k
    return money(whole, "GBP k")


def savings_verdict(found: SavingsGap) -> str:
    """How a savings target fares against the lines: met (as precisely as the paper prints the
    target, so a rounded target is not a surplus), short by so much, or exceeded by so much."""
    shortfall = found.shortfall_k
    if shortfall is None:
        return "no savings itemised against it"
    if found.met:
        return "met"
    if shortfall > 0:
        return f"short by {money_k(shortfall)}"
    return f"exceeded by {money_k(-shortfall)}"


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
