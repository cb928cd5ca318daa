"""Any text gets an answer or a clear error: never an exception, never a database change."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commands.handlers  # noqa: F401 - registers every command
from commands.engine import Context, Engine, MemoryPreferences
from commands.registry import command_names
from knowledge.queries import KnowledgeBase

WORDS = [
    *sorted(command_names()),
    "1.6",
    "1.16",
    "kent",
    "harrow",
    "as of",
    "2014-15",
    "over",
    "years",
    "--programme",
    "“",
    "—",
]

texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=12).map(" ".join),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_any_text_gets_an_answer_and_the_database_is_unchanged(
    kb: KnowledgeBase, kb_path: Path, text: str
) -> None:
    before = hashlib.sha256(kb_path.read_bytes()).digest()
    answer = Engine(kb, MemoryPreferences()).answer(text, Context(today=date(2015, 1, 1)))
    assert answer.status in {"ok", "not_found", "bad_input", "forbidden"}, (text, answer)
    assert answer.title
    assert hashlib.sha256(kb_path.read_bytes()).digest() == before
