"""Any text gets an answer or a clear error: never an exception, never a change to the
knowledge base. Asked as an admin with tracking and reminders wired in, so the write commands'
parsing (amounts, dates, leads, milestone options) is exercised too."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.runtime import Runtime
from commands.call import Context
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.dates import LONDON

WORDS = [
    *sorted(default_registry().names),
    "1.6",
    "1.16",
    "kent",
    "harrow",
    "as of",
    "2014-15",
    "2014/16",
    "120k",
    "999999999bn",
    "0.00001",
    "over",
    "years",
    "add",
    "set",
    "leads",
    "--programme",
    "--date",
    "--kind",
    "--title",
    "0001-01-01",
    "2014-02-29",
    "9999d",
    "“",
    "—",
]

texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=12).map(" ".join),
)


@pytest.fixture(scope="module")
def admin_engine(kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    home = tmp_path_factory.mktemp("home")
    return Runtime.start({"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)}).engine


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_any_text_gets_an_answer_and_the_knowledge_base_is_unchanged(
    admin_engine: Engine, kb_path: Path, text: str
) -> None:
    before = hashlib.sha256(kb_path.read_bytes()).digest()
    context = Context(
        today=date(2015, 1, 1),
        is_admin=True,
        now=datetime(2015, 1, 1, 9, tzinfo=LONDON),
        channel_id="C1",
        user_id="U1",
        via="slack",
    )
    answer = admin_engine.answer(text, context)
    assert answer.status in {"ok", "not_found", "bad_input", "forbidden"}, (text, answer)
    assert answer.title
    assert hashlib.sha256(kb_path.read_bytes()).digest() == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_a_reader_gets_an_answer_too(plain_engine: Engine, text: str) -> None:
    answer = plain_engine.answer(text, Context(today=date(2015, 1, 1)))
    assert answer.status in {"ok", "not_found", "bad_input", "forbidden"}, (text, answer)
