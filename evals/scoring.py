"""Score one case: ask it through the real engine, compare the Reading field by field and look
for every expected string in the answer's text.

The Reading comes from ``engine.read(text, context)`` once the understander exists, and from
the baseline adapter (``evals.baseline``) until then, so the same runner measures both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.render_text import render_text
from commands.call import Context
from commands.engine import Engine
from evals.baseline import baseline_reading
from evals.cases import READING_FIELDS, Case

EMPTY: tuple[Any, ...] = (None, "", [], ())


@dataclass(frozen=True)
class Result:
    """How one case went: which fields differed (expected, got), which strings were missing."""

    case: Case
    wrong_fields: dict[str, tuple[Any, Any]]
    missing: tuple[str, ...]
    answer_title: str
    error: str | None = None

    @property
    def correct(self) -> bool:
        return not self.wrong_fields and not self.missing and self.error is None


def reading_as_dict(reading: Any) -> dict[str, Any]:
    """Any Reading (a mapping, a dataclass or an object with the fields) as plain values:
    tuples become lists and dates ISO text, so comparisons do not depend on its type."""
    if isinstance(reading, Mapping):
        raw = dict(reading)
    elif dataclasses.is_dataclass(reading) and not isinstance(reading, type):
        raw = {f.name: getattr(reading, f.name) for f in dataclasses.fields(reading)}
    else:
        raw = {field: getattr(reading, field, None) for field in READING_FIELDS}
    return {field: _plain(raw.get(field)) for field in READING_FIELDS}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def field_matches(field: str, expected: Any, actual: Any) -> bool:
    """``programmes`` compares as a set, the other lists in order; an expected None means the
    Reading must leave the field empty."""
    if expected is None:
        return actual in EMPTY
    if field == "programmes":
        return set(expected) == set(actual or ())
    if isinstance(expected, list):
        return list(actual or ()) == expected
    return actual == expected


def read_question(engine: Engine, text: str, context: Context) -> tuple[dict[str, Any], str]:
    """The Reading and the answer's text for ``text``, through the engine as every face uses it."""
    read = getattr(engine, "read", None)
    reading = read(text, context) if callable(read) else None
    answer = engine.answer(text, context)
    if reading is None:
        reading = baseline_reading(engine, text, context, answer)
    return reading_as_dict(reading), render_text(answer)


def score_case(engine: Engine, case: Case) -> Result:
    """Ask ``case`` in a channel of its own (after ``use`` when it has a channel default)."""
    context = Context(today=case.today, channel_id=f"eval-{case.id}", user_id="eval")
    try:
        if case.channel_default:
            set_up = engine.answer(f"use {case.channel_default}", context)
            if not set_up.ok:
                return Result(case, {}, (), "", f"`use {case.channel_default}` failed")
        reading, text = read_question(engine, case.text, context)
    except Exception as error:  # a crash is a wrong answer, reported, not the end of the run
        return Result(case, {}, (), "", f"{type(error).__name__}: {error}")
    wrong = {
        field: (expected, reading.get(field))
        for field, expected in case.expected.items()
        if not field_matches(field, expected, reading.get(field))
    }
    missing = tuple(s for s in case.contains if s not in text)
    return Result(case, wrong, missing, text.split("\n", 1)[0])
