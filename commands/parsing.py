"""Turn raw /cyps text into a Request. Never raises anything but our named errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from commands.errors import BadDateInput, BadInput, TooLong

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

_AS_OF = re.compile(r"(?:--as-of[= ]|\bas\s+(?:of|at)\s+)(\S+)", re.IGNORECASE)
_PROGRAMME_FLAG = re.compile(r"(?:--programme|--program|-p)[= ](\S+)", re.IGNORECASE)
_OVER_YEARS = re.compile(r"\bover\s+(\S+)\s+years?\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")


@dataclass(slots=True)  # not frozen: built per answer, see commands.call.Scope
class Request:
    raw: str
    text: str
    command: str
    args: tuple[str, ...]
    as_of: date | None = None
    programme_flag: str | None = None
    over_years: int | None = None

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
    match = _ISO_DAY.match(text.strip().rstrip(".,;"))
    if not match:
        raise BadDateInput(
            f'"{text}" is not a date I can read: write it as YYYY-MM-DD, e.g. 2014-10-01'
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise BadDateInput(f'"{text}" is not a real date: check the month and day') from None


def parse_request(raw: str, command_names: frozenset[str]) -> Request:
    """Split off the date, programme and horizon options, then the command word."""
    if len(raw) > MAX_LENGTH:
        raise TooLong(
            f"That is {len(raw):,} characters; please keep questions under {MAX_LENGTH:,}."
        )
    text = straighten(raw)
    if text.lower().startswith("/cyps"):
        text = text[5:].strip()

    folded = text.casefold()  # the options' regexes run only when their key word is there
    as_of = None
    match = _AS_OF.search(text) if "as" in folded else None
    if match:
        as_of = parse_day(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()

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
    if words and words[0].lower() in command_names:
        return Request(
            raw, text, words[0].lower(), tuple(words[1:]), as_of, programme_flag, over_years
        )
    return Request(raw, text, "", tuple(words), as_of, programme_flag, over_years)
