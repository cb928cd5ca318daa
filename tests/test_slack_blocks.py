"""Every message the Slack face can send passes Block Kit validation: slack-sdk's models plus
the limits they leave out, over real answers to many commands and over extreme made-up ones."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_support import block_kit_problems

from bot.slack.blocks import fallback_text, render_blocks, text_size
from bot.slack.button_values import BUTTON_VALUE_LIMIT, button_value
from bot.slack.home import build_home
from bot.slack.messages import (
    SHARE_LABEL,
    answer_message,
    share_button,
    share_failed_message,
    shared_message,
    working_message,
)
from bot.slack.services import Services
from commands.answer import Answer, Cell
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.queries import KnowledgeBase

TODAY = date(2014, 10, 1)
KEY = b"test button key, thirty-two byte"
GENERAL = [
    "",
    "help",
    "programmes",
    "proposals",
    "proposals red",
    "proposals amber",
    "proposals green",
    "phases",
    "phase",
    "milestones",
    "gateway list",
    "gateway next",
    "gateway last",
    "checkpoint list",
    "checkpoint next",
    "next",
    "savings",
    "gap",
    "roi",
    "roi over 5 years",
    "check",
    "adoption",
    "savings 9.9",
    "phase 42",
    "next as of 2014-13-45",
    "x" * 1001,
    "what <!channel> & <@U1> said",
]


REGISTRY = default_registry()


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb, REGISTRY)


@pytest.fixture(scope="module")
def services(engine: Engine) -> Services:
    return Services(engine=engine, today=lambda: TODAY)


def questions(kb: KnowledgeBase) -> list[str]:
    """Help for every command, every proposal, and each programme-scoped command per programme."""
    asked = list(GENERAL)
    asked += [f"help {spec.name}" for spec in REGISTRY]
    asked += [f"savings {p.id} --programme {p.programme_id}" for p in kb.proposals()]
    for programme in kb.programmes():
        for command in ("savings", "phases", "phase", "milestones", "gap", "roi", "check", "next"):
            asked.append(f"{command} --programme {programme.id}")
    return asked


def every_message(answer: Answer, question: str) -> list[dict[str, Any]]:
    return [
        answer_message(answer, question, TODAY, REGISTRY, KEY),
        shared_message(answer, question, "U0ASKER"),
    ]


def test_every_real_answer_passes_block_kit_validation(
    kb: KnowledgeBase, services: Services
) -> None:
    problems, asked = [], questions(kb)
    for question in asked:
        answer = services.engine.answer(question, services.context("C0BOARD", "U0ASKER"))
        for message in every_message(answer, question):
            problems += [f"{question!r}: {p}" for p in block_kit_problems(message)]
    assert problems == []
    assert len(asked) > 60


def test_every_proposal_answers_ok(kb: KnowledgeBase, services: Services) -> None:
    failed = [
        p.id
        for p in kb.proposals()
        if not services.engine.answer(
            f"savings {p.id} --programme {p.programme_id}", services.context("C", "U")
        ).ok
    ]
    assert failed == []


def test_every_programmes_app_home_passes_validation(kb: KnowledgeBase, services: Services) -> None:
    for programme in kb.programmes():
        services.engine.preferences.set_default_programme("D0HOME", programme.id, "U0ASKER")
        view = build_home(services, "U0ASKER", "D0HOME")
        assert block_kit_problems(view, surface="home") == [], programme.id
        assert programme.id in str(view)


@pytest.mark.parametrize(
    "message", [working_message(), share_failed_message("Slack answered <500> & more")]
)
def test_notes_without_blocks_pass_validation(message: dict[str, Any]) -> None:
    assert block_kit_problems(message) == []


LONG = "£1,234k & <b> " * 1000
EXTREMES = {
    "very long line": Answer(title="Long", lines=(LONG,)),
    "many lines": Answer(title="Many", lines=tuple(f"line {i} & more" for i in range(3000))),
    "many long lines": Answer(title="Long lines", lines=tuple("y" * 2999 for _ in range(200))),
    "ampersands only": Answer(title="&", lines=("&" * 3000, "<" * 5000)),
    "long title": Answer(title="Title\nwith newline " + "t" * 500, lines=("x",)),
    "empty title": Answer(title="", lines=()),
    "blank title": Answer(title="   ", lines=("  ",)),
    "many notes, sources and suggestions": Answer(
        title="Trailer",
        lines=("body",),
        notes=tuple("note " * 100 for _ in range(100)),
        sources=tuple(f"source {i} " * 20 for i in range(100)),
        suggestions=tuple(f"savings {i}" for i in range(500)),
    ),
    "many year figures and warnings": Answer(
        title="Cells",
        lead="£1,234k & more " * 300,
        cells=tuple(Cell(f"20{i:02d}-{i + 1:02d}", "£1k & <b>", "⚠ & " * 600) for i in range(120)),
        warnings=tuple("wrong & <i> " * 300 for _ in range(30)),
        rag="amber",
        more=("x",) * 50,
        details=("y",) * 50,
        command="savings",
    ),
    "markup injection": Answer(
        title="<!channel> & <@U0BOSS>",
        lines=("<!here> look", "*bold* `code` & <https://x|y>"),
        sources=("<#C1|general>",),
    ),
}


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_extreme_answers_still_pass_validation(name: str) -> None:
    answer = EXTREMES[name]
    question = "what " + "?" * 900
    for message in every_message(answer, question):
        assert block_kit_problems(message) == []


def test_an_answer_too_big_for_one_message_says_it_was_shortened_and_keeps_its_trailer() -> None:
    answer = EXTREMES["many long lines"]
    big = Answer(**{**answer.__dict__, "sources": ("the paper",), "command": "savings"})
    message = answer_message(big, "q", TODAY, REGISTRY, KEY)
    texts = [str(b) for b in message["blocks"]]
    assert any("answer shortened to fit Slack" in t for t in texts)
    assert "Source: the paper" in texts[-2] and message["blocks"][-1]["type"] == "actions"


def test_fallback_text_is_escaped_so_echoed_text_cannot_ping_the_channel() -> None:
    text = fallback_text(Answer(title='No proposal "<!channel>"', lines=("a & b",)))
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "a &amp; b" in text


def test_share_button_is_dropped_when_the_question_is_too_long_to_carry() -> None:
    ok = Answer(title="Answer", lines=("x",), command="ask")
    room = BUTTON_VALUE_LIMIT - len(button_value("", TODAY, KEY) or "")
    assert answer_message(ok, "q" * (room + 1), TODAY, REGISTRY, KEY)["blocks"][-1]["type"] != (
        "actions"
    )
    assert answer_message(ok, "q" * room, TODAY, REGISTRY, KEY)["blocks"][-1]["type"] == "actions"


def test_the_share_buttons_text_is_what_the_layout_counts_for_it() -> None:
    # answer_message tells render_blocks this size instead of walking the button each time
    assert text_size([share_button('{"q": "savings 1.6"}')]) == len(SHARE_LABEL)


cells = st.builds(
    Cell, label=st.text(max_size=80), value=st.text(max_size=300), flag=st.text(max_size=300)
)
answers = st.builds(
    Answer,
    title=st.text(max_size=300),
    lines=st.lists(st.text(max_size=4000), max_size=40).map(tuple),
    notes=st.lists(st.text(max_size=500), max_size=5).map(tuple),
    sources=st.lists(st.text(max_size=500), max_size=5).map(tuple),
    suggestions=st.lists(st.text(max_size=50), max_size=5).map(tuple),
    status=st.sampled_from(["ok", "ok", "not_found", "bad_input"]),
    command=st.sampled_from(["savings", "ask", "use", ""]),
    lead=st.text(max_size=4000),
    cells=st.lists(cells, max_size=30).map(tuple),
    rag=st.sampled_from([None, "red", "amber", "green", "blue"]),
    warnings=st.lists(st.text(max_size=2000), max_size=5).map(tuple),
    more=st.lists(st.text(max_size=100), max_size=5).map(tuple),
    details=st.lists(st.text(max_size=100), max_size=5).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers, question=st.text(max_size=1000))
def test_any_answer_renders_to_valid_block_kit(answer: Answer, question: str) -> None:
    for message in every_message(answer, question):
        assert block_kit_problems(message) == []
    first = render_blocks(answer)[0]
    assert first["type"] == "section"  # never a big header, for an answer or a miss


# Commands that change something: sharing re-asks the question, so these must never be shareable.
WRITES = {"use", "actual", "forecast", "rag", "remind", "milestone"}


def test_commands_that_write_are_flagged_so_they_are_never_shared() -> None:
    flagged = {spec.name for spec in REGISTRY if spec.writes}
    assert flagged == WRITES
