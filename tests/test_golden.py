"""Golden answers: every command for every programme, as text (the shell, ``cyps ask``) and as
the Block Kit message Slack receives, kept in ``tests/golden/`` to be read as a board member
would read them. A change to any answer shows up here as a diff to review.

``CYPS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`` (``make golden``)
writes the files afresh; review the diff before committing it.

Every golden answer must also hold what a phone needs: at most 12 lines (unless ``more`` or
``sources`` was asked), each paper named once in a Source line of about 300 characters at most,
no figure of nothing unless the zero is the point, no database-column labels, and Block Kit
that slack_sdk's models accept within Slack's limits.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from golden_questions import Golden, goldens
from slack_support import block_kit_problems

from bot.render_text import render_text
from bot.runtime import Runtime
from bot.slack.messages import answer_message
from commands.answer import Answer
from commands.call import Context
from commands.registry import Registry
from knowledge.dates import LONDON

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CYPS_UPDATE_GOLDEN") == "1"
MAX_LINES = 12
GOLDEN_KEY = b"golden answers"  # a fixed signing key, so the buttons' values never churn
SOURCE_LIMIT = 320  # "about 300": the short line is cut at 300, a little room for the join

# Labels that read like database columns, and other phrasings the answers once had.
COLUMN_LABELS = [
    r"Phase cost in",
    r"\bin Projected\b",
    r"current staff",
    r"\d count\b",
    r"\b1 years\b",
    r"[Tt]arget target",
    r"\ba annual\b",
    r"over 1 years",
    r"- GAP\b",
    r"\bLac\b",
    r"\(current budget",
    r"Decides or delivers",
    r"counting from the 1st",
    r"\b\d{3,} days\b",
    r"\bNone\b",
    r"start not given to end not given",
    r"\(today\)",
    r"Also close",
]
# A figure of nothing: £0k, £0.0m, +£0k. Allowed only where the zero is the point, a gap.
ZERO = re.compile(r"(?<![\d,.])\+?£0(?:\.0+)?[km]?(?![\d,.])")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "empty"


def golden_names() -> list[tuple[str, Golden]]:
    seen: dict[str, int] = {}
    named = []
    for golden in goldens():
        base = f"{golden.group}/{slug(golden.question)}" + ("-admin" if golden.admin else "")
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        if golden.day.isoformat() not in golden.question and golden.day != goldens()[0].day:
            name += f"-{golden.day.isoformat()}"
        named.append((name, golden))
    return named


NAMED = golden_names()


def header(golden: Golden) -> str:
    who = "an admin" if golden.admin else "a board member"
    return f"# /cyps {golden.question}   (asked on {golden.day.isoformat()} by {who})"


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory, kb_path: Path) -> dict[str, Any]:
    """Every golden question answered in order on one fresh state.db: text and Slack message."""
    home = tmp_path_factory.mktemp("golden-home")
    runtime = Runtime.start({"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)})
    engine = runtime.engine
    out: dict[str, Any] = {}
    for index, (name, golden) in enumerate(NAMED):
        context = Context(
            today=golden.day,
            channel_id=f"C0GOLD{index:03d}",  # each its own channel: no default carries over
            user_id="U0ADMIN" if golden.admin else "U0MEMBER",
            is_admin=golden.admin,
            now=datetime.combine(golden.day, time(9, 0), tzinfo=LONDON),
            via="slack",
        )
        answer = engine.answer(golden.question, context)
        message = answer_message(answer, golden.question, golden.day, engine.registry, GOLDEN_KEY)
        out[name] = (golden, answer, render_text(answer, asked=golden.question), message)
    return out


def _check_file(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"{path} is missing: run make golden and review it"
    assert path.read_text() == text, f"{path} changed: run make golden and review the diff"


@pytest.mark.parametrize("name", [name for name, _ in NAMED])
def test_golden_answer_is_unchanged(name: str, answered: dict[str, Any]) -> None:
    golden, _, text, message = answered[name]
    _check_file(GOLDEN_DIR / f"{name}.txt", f"{header(golden)}\n{text}\n")
    _check_file(
        GOLDEN_DIR / f"{name}.json", json.dumps(message, indent=2, ensure_ascii=False) + "\n"
    )


def test_no_golden_file_is_left_over_from_a_question_since_removed() -> None:
    expected = {f"{name}{ext}" for name, _ in NAMED for ext in (".txt", ".json")}
    found = {str(p.relative_to(GOLDEN_DIR)) for p in GOLDEN_DIR.rglob("*") if p.is_file()}
    assert found - expected == set()


def test_every_command_is_asked_for_every_programme(registry: Registry) -> None:
    """At least one golden question per command per programme (commands that take one)."""
    asked: dict[str, set[str]] = {}
    for _, golden in NAMED:
        spec = registry.get(golden.question.split()[0].lower())
        command = spec.name if spec else "ask"
        asked.setdefault(command, set()).add(golden.group.removesuffix("-writes"))
    programmes = {g.group for _, g in NAMED if g.group not in {"all", "stale"}}
    programmes = {p.removesuffix("-writes") for p in programmes}
    everywhere = {
        "savings", "proposals", "phase", "phases", "gateway", "checkpoint", "next",
        "milestones", "gap", "roi", "check", "ask", "reminders", "more", "sources",
        "actual", "rag", "history", "remind", "milestone", "use",
    }  # fmt: skip
    missing = {c: sorted(programmes - asked.get(c, set())) for c in everywhere}
    assert {c: p for c, p in missing.items() if p} == {}
    assert {"help", "programmes", "forecast"} <= set(asked)


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _source_line(text: str) -> str:
    return next((line for line in _lines(text) if line.startswith("Source: ")), "")


def _each_golden(answered: dict[str, Any]) -> Iterator[tuple[str, Golden, Answer, str, Any]]:
    for name, (golden, answer, text, message) in answered.items():
        yield name, golden, answer, text, message


def test_every_golden_answer_fits_a_phone(answered: dict[str, Any]) -> None:
    too_long = {
        name: len(_lines(text))
        for name, golden, _, text, _ in _each_golden(answered)
        if not golden.follows_up and len(_lines(text)) > MAX_LINES
    }
    assert too_long == {}


def test_every_source_line_names_each_paper_once_and_stays_short(
    answered: dict[str, Any], kb: Any
) -> None:
    titles = [p.document_title for p in kb.programmes()]
    problems = []
    for name, _, answer, text, _ in _each_golden(answered):
        line = _source_line(text)
        for title in titles:
            if line.count(title) > 1:
                problems.append((name, f"{title} named {line.count(title)} times"))
        if len(line) - len("Source: ") > SOURCE_LIMIT:
            problems.append((name, f"Source line of {len(line)} characters"))
        papers = [entry.split(": ")[0] for entry in answer.sources]
        if len(papers) != len(set(papers)):
            problems.append((name, "a paper has two entries"))
    assert problems == []


def test_no_golden_answer_shows_a_zero_unless_it_is_the_point(answered: dict[str, Any]) -> None:
    found = [
        (name, line)
        for name, _, _, text, _ in _each_golden(answered)
        for line in _lines(text)
        if ZERO.search(line) and not re.search(r"\bgap £0k", line)
    ]
    assert found == []


def test_no_golden_answer_has_a_database_column_label(answered: dict[str, Any]) -> None:
    found = [
        (name, pattern)
        for name, _, _, text, _ in _each_golden(answered)
        for pattern in COLUMN_LABELS
        if re.search(pattern, text)
    ]
    assert found == []


def test_every_golden_message_is_block_kit_slack_accepts(answered: dict[str, Any]) -> None:
    """slack_sdk's models (``to_dict`` round trip) and the limits: 50 blocks, 3,000 characters
    a section text, 2,000 a field or context element, 10 fields a section."""
    problems = []
    for name, _, _, _, message in _each_golden(answered):
        problems += [(name, p) for p in block_kit_problems(message)]
        blocks = message["blocks"]
        if len(blocks) > 50:
            problems.append((name, f"{len(blocks)} blocks"))
        for block in blocks:
            text = (block.get("text") or {}).get("text", "")
            fields = block.get("fields") or []
            elements = block.get("elements") if block["type"] == "context" else []
            if len(text) > 3000 or len(fields) > 10:
                problems.append((name, f"{block['type']} over its limits"))
            if any(len(f["text"]) > 2000 for f in [*fields, *(elements or [])]):
                problems.append((name, f"a {block['type']} element over 2,000 characters"))
    assert problems == []
