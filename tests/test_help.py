"""Help is generated from the command registry, and every command documents itself."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import commands.handlers  # noqa: F401 - registers every command
from bot.reminders import open_desk
from commands.engine import Context, Engine, MemoryPreferences
from commands.registry import unique_commands
from knowledge.dates import LONDON
from knowledge.overlay import MilestoneEdits
from knowledge.queries import KnowledgeBase
from knowledge.tracking import TrackingStore
from scheduler.config import ReminderConfig


@pytest.mark.parametrize("spec", unique_commands(), ids=lambda s: s.name)
def test_every_command_has_summary_usage_and_examples(spec) -> None:
    assert spec.summary.strip() and spec.summary.endswith(".")
    assert spec.usage.strip()
    assert spec.examples and all(e.strip() for e in spec.examples)


def test_help_lists_every_command_and_help_for_one_shows_examples(kb: KnowledgeBase) -> None:
    engine = Engine(kb)
    listing = engine.answer("help", Context(today=date(2015, 1, 1), is_admin=True))
    for spec in unique_commands():
        if spec.name != "ask":
            assert any(line.startswith(f"`{spec.usage}`") for line in listing.lines), spec.name
    one = engine.answer("help gap", Context(today=date(2015, 1, 1)))
    assert one.title == "/cyps gap" and any(
        line.startswith("Example: /cyps gap") for line in one.lines
    )


def test_every_example_in_help_answers(kb_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    edits = MilestoneEdits.open(state)
    kb = KnowledgeBase.open(kb_path, overlay=edits)
    desk = open_desk(kb, edits, state, ReminderConfig())
    engine = Engine(kb, MemoryPreferences(), TrackingStore(state), desk)
    now = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)
    for spec in unique_commands():
        for example in spec.examples:
            answer = engine.answer(
                example, Context(today=date(2014, 10, 1), is_admin=True, now=now)
            )
            assert answer.status in {"ok", "not_found"}, (example, answer.title)
            assert answer.status == "ok" or spec.name == "ask", (example, answer.title)
