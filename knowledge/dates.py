"""Dates as the papers give them (year, month, day or time) and UK financial years.

A paper that says "September 2014" has not fixed a day, so we never invent one: a PaperDate keeps
its precision, and callers that need a day ask for the first day of the period explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

_PATTERNS = (
    ("minute", re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})$")),
    ("day", re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")),
    ("month", re.compile(r"^([0-9]{4})-([0-9]{2})$")),
    ("season", re.compile(r"^([0-9]{4})-(spring|summer|autumn)$")),
    ("year", re.compile(r"^([0-9]{4})$")),
)
# A paper that says "spring 2015" gives a season: its first and last months (UK reckoning).
# Winter is left out on purpose: it straddles two years, so "winter 2015" would be ambiguous.
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class BadDate(ValueError):
    """A date the papers' format cannot hold, or that does not exist (2014-13-45)."""


@dataclass(frozen=True, order=True)
class PaperDate:
    """A date at the precision printed: ``"2014"``, ``"2014-09"``, ``"2011-10-31"``."""

    iso: str
    precision: str

    @classmethod
    def parse(cls, text: str) -> PaperDate:
        text = text.strip()
        for precision, pattern in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            if precision == "season":
                return cls(text, precision)
            parts = [int(p) for p in match.groups()]
            try:
                if precision == "minute":
                    datetime(parts[0], parts[1], parts[2], parts[3], parts[4])
                elif precision == "day":
                    date(parts[0], parts[1], parts[2])
                elif precision == "month":
                    date(parts[0], parts[1], 1)
            except ValueError as error:
                raise BadDate(f'"{text}" is not a real date ({error})') from None
            return cls(text, precision)
        raise BadDate(
            f'"{text}" is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM or a '
            "season such as 2015-spring (spring, summer or autumn)"
        )

    def first_day(self) -> date:
        """The earliest day the date can mean: a month-only date counts from the 1st."""
        return self._first_day

    @cached_property
    def _first_day(self) -> date:
        year = int(self.iso[:4])
        if self.precision == "season":
            return date(year, SEASON_MONTHS[self.iso[5:]][0], 1)
        month = int(self.iso[5:7]) if self.precision != "year" else 1
        day = int(self.iso[8:10]) if self.precision in {"day", "minute"} else 1
        return date(year, month, day)

    def start(self) -> datetime:
        """The earliest moment the date can mean, in Europe/London."""
        return self._start

    @cached_property
    def _start(self) -> datetime:  # the key milestones are sorted by, on every edit
        if self.precision == "minute":
            naive = datetime.fromisoformat(self.iso)
            return naive.replace(tzinfo=LONDON)
        return datetime.combine(self.first_day(), time(0, 0), tzinfo=LONDON)

    @property
    def exact_day(self) -> bool:
        return self.precision in {"day", "minute"}

    @property
    def exact_month(self) -> bool:
        """Whether the paper names the month (a year or a season does not)."""
        return self.precision in {"month", "day", "minute"}

    def display(self) -> str:
        """Human form at the printed precision: ``Sep 2014``, ``31 Oct 2011``, ``spring 2015``."""
        return self._display

    @cached_property
    def _display(self) -> str:  # a milestone's date is shown in most answers about it
        first = self.first_day()
        if self.precision == "year":
            return str(first.year)
        if self.precision == "season":
            return f"{self.iso[5:]} {first.year}"
        if self.precision == "month":
            return f"{MONTH_NAMES[first.month - 1][:3]} {first.year}"
        text = f"{first.day} {MONTH_NAMES[first.month - 1][:3]} {first.year}"
        if self.precision == "minute":
            text += f" {self.iso[11:16]}"
        return text

    def __str__(self) -> str:
        return self.iso


_FY = re.compile(
    r"^(?:fy\s*)?(?P<a>[0-9]{4}|[0-9]{2})\s*[-/–—]\s*(?P<b>[0-9]{4}|[0-9]{2})$",
    re.IGNORECASE,
)


class BadFinancialYear(ValueError):
    """Text that looks like a financial year but is not one (2014-17)."""


def parse_financial_year(text: str) -> str:
    """Normalise "2014/15", "14/15", "2014-2015" or "FY14-15" to "2014-15"."""
    match = _FY.match(text.strip())
    if not match:
        raise BadFinancialYear(f'"{text}" is not a financial year: write it like 2014-15')
    first, second = match["a"], match["b"]
    start = int(first) if len(first) == 4 else 2000 + int(first)
    end_short = int(second[-2:])
    if (start + 1) % 100 != end_short:
        raise BadFinancialYear(
            f'"{text}" is not a financial year: the second year must follow the first'
        )
    return f"{start:04d}-{end_short:02d}"


def looks_like_financial_year(text: str) -> bool:
    return bool(_FY.match(text.strip()))


def financial_year_of(day: date) -> str:
    """The UK financial year (April to March) a day falls in."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def last_day(when: PaperDate) -> date:
    """The last day a date can mean: the end of the month or year for a coarse date."""
    first = when.first_day()
    if when.precision == "year":
        return date(first.year, 12, 31)
    if when.precision == "season":
        last_month = SEASON_MONTHS[when.iso[5:]][1]
        return _month_end(first.year, last_month)
    if when.precision == "month":
        return _month_end(first.year, first.month)
    return first


def _month_end(year: int, month: int) -> date:
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(next_month.toordinal() - 1)
