"""The evaluation cases: what a case file may say, read into ``Case`` records.

A case file is TOML (``tomllib`` reads it, a reviewer can diff it): a ``default_today`` and a
list of ``[[cases]]``, each with its id, category, the text typed after ``/cyps``, optionally
the date it is asked on and the channel's default programme, the Reading fields it is about
(names and forms as in the Reading schema, notes/READING.md) and the strings the answer must
contain. ``load_cases`` checks the shape and forms; ``problems_against`` checks names against a
knowledge base (programme ids, proposal refs, phases, items), so a case can never expect
something the bot does not hold.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.queries import KnowledgeBase

HERE = Path(__file__).resolve().parent
DEV_FILE = HERE / "dev.toml"
HELD_OUT_FILE = HERE / "held_out.toml"

# The categories, in the order reports print them. README.md says what each one holds.
CATEGORIES: dict[str, str] = {
    "documented": "the documented syntax exactly as help and README give it",
    "command-typo": "a mistyped or differently cased command word (edit distance 1-2)",
    "name-typo": "a mistyped programme, proposal or figure name",
    "word-order": "the documented words in another order",
    "question-form": "a question as people ask it (how much, who, when, is ... over budget)",
    "figure-words": "a figure the knowledge base holds, asked for in other words",
    "financial-year": "one or more financial years, in any common spelling",
    "month": "one month or a range of months",
    "date": "an as-of date in any common form (ISO, 1 Oct 2014, 01/10/2014 day first)",
    "direction": "next, last or list for gateways and checkpoints, in any words",
    "rag": "a RAG filter on proposals, in any form",
    "compare": "compare two or more things, or ask for one end of a range",
    "scope": "a programme named by alias or council, the channel default, and `use`",
    "greeting-help": "greetings, 'what can you do' and help topics",
    "search": "a free question answered by one item (milestone, phase, figure)",
}

COMMANDS = frozenset(
    [
        "savings",
        "proposals",
        "phase",
        "phases",
        "gateway",
        "checkpoint",
        "next",
        "milestones",
        "gap",
        "roi",
        "check",
        "compare",
        "programmes",
        "use",
        "help",
        "ask",
        "history",
        "reminders",
    ]
)
DIRECTIONS = frozenset({"next", "last", "list"})
RAGS = frozenset({"red", "amber", "green", "blue"})
MEASURES = frozenset({"savings", "gap", "roi"})
ITEM_KINDS = frozenset({"proposal", "phase", "milestone", "figure", "row", "programme"})

READING_FIELDS = (
    "command",
    "programmes",
    "subject",
    "years",
    "months",
    "as_of",
    "direction",
    "rag",
    "over_years",
    "compare",
    "measure",
)
LIST_FIELDS = frozenset({"programmes", "years", "compare"})
CASE_KEYS = frozenset(
    {"id", "category", "text", "today", "channel_default", "contains", "unset", *READING_FIELDS}
)

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class CaseFileError(ValueError):
    """A case file that cannot be read or says something the schema does not allow."""


@dataclass(frozen=True)
class Case:
    """One phrasing, the Reading fields it is about and what its answer must contain."""

    id: str
    category: str
    text: str
    today: date
    channel_default: str | None
    expected: dict[str, Any]  # Reading field -> expected value (None: must be empty)
    contains: tuple[str, ...]


def canonical_year(text: str) -> bool:
    """``YYYY-YY`` with the second year following the first, as READING.md writes years."""
    match = _YEAR.match(text)
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


def load_cases(path: Path) -> list[Case]:
    """Every case in ``path``; a CaseFileError lists every problem found, not just the first."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CaseFileError(f"{path.name}: {error}") from None
    problems: list[str] = []
    default_today = _day(data.get("default_today"), f"{path.name}: default_today", problems)
    cases = []
    for number, raw in enumerate(data.get("cases", []), start=1):
        where = f"{path.name}: case {raw.get('id', f'#{number}')}"
        case = _read_case(raw, default_today or date(2015, 6, 15), where, problems)
        if case:
            cases.append(case)
    if problems:
        raise CaseFileError("\n".join(problems))
    return cases


def _day(value: Any, where: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")
        return None


def _read_case(
    raw: dict[str, Any], default_today: date, where: str, problems: list[str]
) -> Case | None:
    before = len(problems)
    for key in sorted(set(raw) - CASE_KEYS):
        problems.append(f"{where}: unknown key {key!r}")
    for key in ("id", "category", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: {key} must be a non-empty string")
    if raw.get("category") not in CATEGORIES:
        problems.append(
            f"{where}: category {raw.get('category')!r} is not one of {sorted(CATEGORIES)}"
        )
    today = _day(raw["today"], f"{where}: today", problems) if "today" in raw else default_today
    contains = raw.get("contains", [])
    if not isinstance(contains, list) or not all(isinstance(s, str) and s for s in contains):
        problems.append(f"{where}: contains must be a list of non-empty strings")
    expected: dict[str, Any] = {}
    for field in READING_FIELDS:
        if field in raw:
            expected[field] = raw[field]
            problems.extend(f"{where}: {p}" for p in field_problems(field, raw[field]))
    for field in raw.get("unset", []):
        if field not in READING_FIELDS or field in expected:
            problems.append(f"{where}: unset names {field!r}, not a Reading field left free")
        else:
            expected[field] = None
    if not expected and not contains:
        problems.append(f"{where}: expects nothing (give Reading fields or contains)")
    channel_default = raw.get("channel_default")
    if len(problems) > before or today is None:
        return None
    return Case(
        raw["id"], raw["category"], raw["text"], today, channel_default, expected, tuple(contains)
    )


def field_problems(field: str, value: Any) -> list[str]:
    """What is wrong with ``value`` as the expected value of Reading ``field`` (forms only)."""
    if field in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return [f"{field} must be a list of strings"]
        if field == "years":
            return [f"year {y!r} is not canonical YYYY-YY" for y in value if not canonical_year(y)]
        if field == "compare" and len(value) < 2:
            return ["compare needs two or more things"]
        return []
    if field == "months":
        ok = isinstance(value, list) and len(value) == 2
        if not ok or not all(isinstance(m, str) and _MONTH.match(m) for m in value):
            return ['months must be ["YYYY-MM", "YYYY-MM"]']
        return [] if value[0] <= value[1] else ["months run backwards"]
    if field == "over_years":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return [] if ok else ["over_years must be a whole number above 0"]
    if not isinstance(value, str) or not value:
        return [f"{field} must be a non-empty string"]
    allowed = {"command": COMMANDS, "direction": DIRECTIONS, "rag": RAGS, "measure": MEASURES}
    if field in allowed and value not in allowed[field]:
        return [f"{field} {value!r} is not one of {sorted(allowed[field])}"]
    if field == "as_of":
        try:
            date.fromisoformat(value)
        except ValueError:
            return [f"as_of {value!r} is not an ISO date"]
    return []


def problems_against(kb: KnowledgeBase, cases: list[Case]) -> list[str]:
    """Names in ``cases`` that ``kb`` does not hold: programme ids, proposals, phases, items,
    help topics and ``use`` targets (so no case can expect what the bot does not know)."""
    programmes = {p.id for p in kb.programmes()}
    proposals = {p.id for p in kb.proposals()} | {p.ref for p in kb.proposals() if p.ref}
    phases = {
        v for pid in programmes for ph in kb.phases(pid) for v in (ph.id, str(ph.number or ""))
    } - {""}
    problems = []
    for case in cases:
        where = f"case {case.id}"
        named = set(case.expected.get("programmes") or ())
        if case.channel_default:
            named.add(case.channel_default)
        problems += [f"{where}: no programme {p!r}" for p in sorted(named - programmes)]
        for thing in case.expected.get("compare") or ():
            if thing not in programmes | proposals:
                problems.append(f"{where}: compares {thing!r}, not a programme id or proposal")
        subject = case.expected.get("subject")
        if subject is not None:
            problem = _subject_problem(
                kb, case.expected.get("command"), subject, programmes, proposals, phases
            )
            if problem:
                problems.append(f"{where}: {problem}")
    return problems


def _subject_problem(
    kb: KnowledgeBase,
    command: str | None,
    subject: str,
    programmes: set[str],
    proposals: set[str],
    phases: set[str],
) -> str | None:
    if command in {"savings", "gap", "roi"} and subject not in proposals:
        return f"subject {subject!r} is not a proposal ref or id"
    if command == "phase" and subject not in phases:
        return f"subject {subject!r} is not a phase number or id"
    if command == "use" and subject not in programmes | {"none", "all"}:
        return f"use {subject!r}: not a programme id, none or all"
    if command == "help" and subject not in COMMANDS:
        return f"help topic {subject!r} is not a command"
    if command == "ask":
        return _item_problem(kb, subject, programmes)
    return None


def _item_problem(kb: KnowledgeBase, subject: str, programmes: set[str]) -> str | None:
    kind, _, rest = subject.partition(":")
    pid, _, key = rest.partition(":")
    if kind not in ITEM_KINDS or pid not in programmes or not key:
        return f'ask subject {subject!r} is not "<kind>:<programme>:<key>"'
    keys = {
        "proposal": lambda: {p.id for p in kb.proposals(pid)},
        "phase": lambda: {p.id for p in kb.phases(pid)},
        "milestone": lambda: {m.id for m in kb.milestones(pid)},
        "figure": lambda: {f.id for f in kb.figures(pid)},
        "row": lambda: {f"{f.table_id}:{f.subject}" for f in kb.figures(pid) if f.table_id},
        "programme": lambda: {pid},
    }[kind]()
    return None if key in keys else f"ask subject {subject!r}: no such {kind} in {pid}"
