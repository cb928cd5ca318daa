"""Turn raw /cyps text into a Request. Never raises anything but our named errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from commands.errors import BadDateInput, BadInput, TooLong
from commands.periods import leading_date, scan_periods
from commands.registry import Registry
from knowledge.dates import BadFinancialYear, looks_like_financial_year, parse_financial_year

MAX_LENGTH = 1000

_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)

_MONTH_RANGE = re.compile(r"\b([0-9]{4}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2})\b", re.ASCII)
_AS_OF_START = re.compile(r"(?:--as-of[= ]|\bas\s+(?:of|at)\s+)", re.IGNORECASE)
_PROGRAMME_FLAG = re.compile(r"(?:--programme|--program|-p)[= ](\S+)", re.IGNORECASE)
_OVER_YEARS = re.compile(r"\bover\s+(\S+)\s+years?\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")


@dataclass(slots=True)  # not frozen: built per answer, see commands.call.Scope
class Request:
    """A ``/cyps`` line split into its command and arguments, with the options it set."""

    raw: str
    text: str
    command: str
    args: tuple[str, ...]
    as_of: date | None = None
    programme_flag: str | None = None
    over_years: int | None = None
    years: tuple[str, ...] = ()
    months: tuple[str, str] | None = None

    @property
    def rest(self) -> str:
        return " ".join(self.args)


def straighten(text: str) -> str:
    """Slack's smart quotes and long dashes become plain ones; spacing is tidied."""
    if text.isascii() and text.isprintable():  # what most people type: nothing to replace
        return " ".join(text.split())
    text = text.translate(_STRAIGHTEN)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def parse_day(text: str) -> date:
    """A day as people write it: ISO (``2014-10-01``), day first (``01/10/2014``), written
    (``1 Oct 2014``, ``October 1, 2014``), or a month alone (``Oct 2014``: its first day)."""
    cleaned = text.strip().rstrip(".,;?")
    match = _ISO_DAY.match(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise BadDateInput(f'"{text}" is not a real date: check the month and day') from None
    found = leading_date(cleaned)
    if found is not None and found[1] == len(cleaned):
        return found[0]
    raise BadDateInput(
        f'"{text}" is not a date I can read: write it like 2014-10-01, 1 Oct 2014 or 01/10/2014'
    )


def _take_as_of(text: str) -> tuple[date | None, str]:
    """The ``as of`` date wherever it stands, and the text without it."""
    start = _AS_OF_START.search(text)
    if start is None:
        return None, text
    after = text[start.end() :]
    word = after.split(" ", 1)[0]
    if _ISO_DAY.match(word.rstrip(".,;?")):
        return parse_day(word), (text[: start.start()] + " " + after[len(word) :]).strip()
    found = leading_date(after)
    if found is not None:
        day, length = found
        return day, (text[: start.start()] + " " + after[length:]).strip()
    day = parse_day(word)  # raises with a message that says how to write it
    return day, (text[: start.start()] + " " + after[len(word) :]).strip()


def take_periods(
    args: tuple[str, ...],
) -> tuple[tuple[str, ...], tuple[str, str] | None, tuple[str, ...]]:
    """Financial years (any common spelling) and a month or month range (``2015-06``,
    ``2015-06..2015-08``, ``June 2015``) among a command's words, and the words left."""
    text = " ".join(args)
    if not any(c.isdigit() for c in text):
        return (), None, args
    ranged = _MONTH_RANGE.search(text)
    months = (ranged[1], ranged[2]) if ranged else None
    if ranged:
        text = (text[: ranged.start()] + " " + text[ranged.end() :]).strip()
    found = scan_periods(text, None)
    if months:
        found.months = months
    left = tuple(found.without(text).split())
    for word in left:
        if looks_like_financial_year(word):
            try:
                parse_financial_year(word)
            except BadFinancialYear as error:
                raise BadInput(str(error), ("gap 2014-15",)) from None
    return tuple(dict.fromkeys(found.years)), found.months, left


def parse_request(raw: str, registry: Registry) -> Request:
    """Split off the date, programme and horizon options, then the command word (one typo
    allowed, see ``Registry.command_word``); for commands that read periods, the financial
    years and months among its words too."""
    if len(raw) > MAX_LENGTH:
        raise TooLong(
            f"That is {len(raw):,} characters; please keep questions under {MAX_LENGTH:,}."
        )
    text = straighten(raw)
    if text.lower().startswith("/cyps"):
        text = text[5:].strip()

    folded = text.casefold()  # the options' regexes run only when their key word is there
    as_of = None
    if "as" in folded:
        as_of, text = _take_as_of(text)

    programme_flag = None
    match = _PROGRAMME_FLAG.search(text) if "-p" in folded else None
    if match:
        programme_flag = match.group(1).strip("\"'").lower()
        text = (text[: match.start()] + text[match.end() :]).strip()

    over_years = None
    match = _OVER_YEARS.search(text) if "over" in folded else None
    if match:
        word = match.group(1)
        if not (word.isascii() and word.isdigit()) or not 1 <= int(word) <= 50:
            raise BadInput(f'"over {word} years": give a whole number of years from 1 to 50')
        over_years = int(word)
        text = (text[: match.start()] + text[match.end() :]).strip()

    words = text.split()
    command = registry.command_word(words[0]) if words else None
    if command:
        args = tuple(words[1:])
        years: tuple[str, ...] = ()
        months = None
        if registry.reads_periods(command):
            years, months, args = take_periods(args)
        return Request(raw, text, command, args, as_of, programme_flag, over_years, years, months)
    return Request(raw, text, "", tuple(words), as_of, programme_flag, over_years)
