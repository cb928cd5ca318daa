"""Periods as people type them: financial years in every common spelling, months and month
ranges, dates in ISO, UK and written forms, and "this month" style words relative to today.

``scan_periods`` finds each one in a question and says where it was, so the understander can
take the words out and read what is left. Digits are ASCII only (a superscript two is not a
two), and nothing here reads the clock: ``today`` is a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from knowledge.dates import BadFinancialYear, financial_year_of, parse_financial_year

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)[0-9]{2}"
_ORDINAL = r"(?:st|nd|rd|th)?"
_FLAGS = re.IGNORECASE | re.ASCII
_DIGITS = frozenset("0123456789")


def _rx(pattern: str) -> str:
    """A pattern kept as text and compiled the first time a question needs it (``_compiled``),
    so the month patterns, the slowest to compile, cost nothing until a month is named."""
    return pattern


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


# Dates with a day, most specific first.
_ISO_DAY = _rx(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b")
_UK_DAY = _rx(r"\b([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4}|[0-9]{2})\b")
_WRITTEN_DAY = _rx(
    rf"\b(?:[0-9]{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+[0-9]{{1,2}}{_ORDINAL},?\s+{_YEAR})\b"
)
# Month ranges and months.
_MONTH_RANGE = _rx(
    rf"\b(?:between\s+|from\s+)?({_MONTH})(?:\s+({_YEAR}))?\s*(?:-|to|until|till|through|and)\s*"
    rf"({_MONTH})\s+({_YEAR})\b"
)
_MONTH_YEAR = _rx(rf"\b({_MONTH})(?:\s+of)?,?\s+({_YEAR}|'[0-9]{{2}})\b")
_ISO_MONTH = _rx(r"\b([0-9]{4})-([0-9]{2})\b")
_NUMERIC_MONTH = _rx(r"\b([0-9]{1,2})/([0-9]{4})\b")
_BARE_MONTH = _rx(rf"\b(?:in|during|for|by|until|before|after)\s+({_MONTH})\b(?!\s+[0-9])")
# Financial years: 2018-19, 2018/19, 18/19, FY2018-19, FY 18/19, 2018-2019.
_FINANCIAL_YEAR = _rx(
    r"\b(?:fy\s*)?([0-9]{4}|[0-9]{2})\s*[-/]\s*([0-9]{4}|[0-9]{2})\b(?![-/][0-9])"
)
# Any month name at all: the patterns that need one are skipped without it.
_MONTH_NAMED = _rx(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_RELATIVE = _rx(
    r"\b(this|next|last|previous|coming)\s+(month|financial year|year|fy|quarter)\b"
    r"|\b(today|now|currently|right now|at the moment)\b"
)
_NEED_A_MONTH = frozenset({_WRITTEN_DAY, _MONTH_RANGE, _MONTH_YEAR, _BARE_MONTH})


@dataclass
class Periods:
    """What a question says about time, and where it said it."""

    years: list[str] = field(default_factory=list)
    months: tuple[str, str] | None = None
    days: list[date] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the text
    relative: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)  # written like dates, but no such day

    def without(self, text: str) -> str:
        """``text`` with every period taken out (a space in its place)."""
        for start, end in sorted(self.spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return " ".join(text.split())


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")[:3]]


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _two_digit_year(text: str) -> int:
    value = int(text.lstrip("'"))
    return value if value >= 100 else 2000 + value


def _real_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.taken = [False] * len(text)
        self.found = Periods()
        self.names_a_month = _compiled(_MONTH_NAMED).search(text) is not None

    def free(self, match: re.Match[str]) -> bool:
        return not any(self.taken[match.start() : match.end()])

    def take(self, match: re.Match[str]) -> None:
        for i in range(match.start(), match.end()):
            self.taken[i] = True
        self.found.spans.append(match.span())

    def each(self, pattern: str) -> list[re.Match[str]]:
        if pattern in _NEED_A_MONTH and not self.names_a_month:
            return []
        return [m for m in _compiled(pattern).finditer(self.text) if self.free(m)]


def scan_periods(text: str, today: date | None) -> Periods:
    """Every period ``text`` names, in the order a reader would resolve them. Without
    ``today`` only periods that say their own year are read (the documented syntax)."""
    scan = _Scanner(text)
    found = scan.found
    if not any(c in _DIGITS for c in text):  # most questions: only words can name a period
        if today is not None:
            _words_only(scan, today)
        return found
    for match in scan.each(_ISO_DAY):
        day = _real_day(int(match[1]), int(match[2]), int(match[3]))
        if day:
            found.days.append(day)
        else:
            found.impossible.append(match[0])
        scan.take(match)  # taken either way: 2014-02-30 is no day, and no month either
    for match in scan.each(_UK_DAY):
        day = _real_day(_two_digit_year(match[3]), int(match[2]), int(match[1]))
        if day:
            found.days.append(day)
        else:
            found.impossible.append(match[0])
        scan.take(match)
    for match in scan.each(_WRITTEN_DAY):
        from dateutil import parser as dateutil_parser  # imported for a date written out

        try:
            parsed = dateutil_parser.parse(match[0], dayfirst=True)
        except (ValueError, OverflowError):
            continue
        found.days.append(parsed.date())
        scan.take(match)
    for match in scan.each(_MONTH_RANGE):
        end_year = int(match[4])
        first, last = month_number(match[1]), month_number(match[3])
        start_year = int(match[2]) if match[2] else end_year - (first > last)
        found.months = (_month(start_year, first), _month(end_year, last))
        scan.take(match)
    for match in scan.each(_FINANCIAL_YEAR):
        try:
            financial_year = parse_financial_year(match[0])
        except BadFinancialYear:
            continue
        found.years.append(financial_year)
        scan.take(match)
    for pattern, read in (
        (_MONTH_YEAR, lambda m: (_two_digit_year(m[2]), month_number(m[1]))),
        (_ISO_MONTH, lambda m: (int(m[1]), int(m[2]))),
        (_NUMERIC_MONTH, lambda m: (int(m[2]), int(m[1]))),
    ):
        for match in scan.each(pattern):
            year, month = read(match)
            if 1 <= month <= 12 and found.months is None:
                found.months = (_month(year, month), _month(year, month))
                scan.take(match)
    if today is not None:
        _words_only(scan, today)
    return found


def _words_only(scan: _Scanner, today: date) -> None:
    """Periods named with no digit: a month on its own ("in june"), or "this month"."""
    found = scan.found
    for match in scan.each(_BARE_MONTH):
        if found.months is None:
            number = month_number(match[1])
            found.months = (_month(today.year, number), _month(today.year, number))
            scan.take(match)
    for match in scan.each(_RELATIVE):
        _relative(match, today, found)
        scan.take(match)


def _relative(match: re.Match[str], today: date, found: Periods) -> None:
    """ "this month", "next financial year", "today" and the like, from ``today``."""
    if match[3]:
        found.relative.append("today")
        return
    which, unit = match[1].lower(), match[2].lower()
    step = {"this": 0, "coming": 1, "next": 1, "last": -1, "previous": -1}[which]
    found.relative.append(f"{which} {unit}")
    if unit == "month":
        counted = today.year * 12 + today.month - 1 + step
        year, month = divmod(counted, 12)
        found.months = (_month(year, month + 1), _month(year, month + 1))
    elif unit in {"financial year", "fy", "year"}:
        start = int(financial_year_of(today)[:4]) + step
        found.years.append(f"{start}-{(start + 1) % 100:02d}")
    elif unit == "quarter":
        counted = today.year * 12 + 3 * ((today.month - 1) // 3) + 3 * step
        year, first_month = divmod(counted, 12)
        found.months = (_month(year, first_month + 1), _month(year, first_month + 3))


def leading_date(text: str) -> tuple[date, int] | None:
    """A date at the very start of ``text`` (``1 Oct 2014 gateway``), and how many characters
    it took; a month alone means its first day."""
    found = scan_periods(text, None)
    ends = [
        end
        for start, end in found.spans
        if start == 0 and (end == len(text) or not text[end].isalnum())
    ]
    if not ends or text[ends[0] : ends[0] + 1] in {"-", "/"}:
        return None
    if found.days and not found.months:
        return found.days[0], ends[0]
    if found.months and not found.days and not found.years:
        year, month = (int(part) for part in found.months[0].split("-"))
        return date(year, month, 1), ends[0]
    return None
