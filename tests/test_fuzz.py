"""The net that found the Unicode-digit crash, kept in the suite: hostile and odd text through
the engine (as an admin, with the bot's own data wired in) and on into every Slack message
the answer can become. Every input gets an answer or a clear refusal, ``Engine.writes`` never
raises, and every message passes Block Kit validation.

The inputs mix command words with Unicode digits, control and format characters, very long
words, FTS5 syntax, impossible and extreme dates and extreme amounts. ``CYPS_FUZZ_EXAMPLES``
sets how many each test draws (default 300; e.g. 20000 for a long run by hand).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from slack_app_support import ask, make_app, make_services
from slack_bolt import App
from slack_support import MockSlack, block_kit_problems

from bot.render_text import render_text
from bot.runtime import Runtime
from bot.slack.messages import answer_message, shared_message
from commands.call import Context
from commands.engine import Engine
from knowledge.dates import LONDON

EXAMPLES = int(os.environ.get("CYPS_FUZZ_EXAMPLES", "300"))
KEY = b"fuzz button key, thirty-two byte"
ANSWERED = {"ok", "not_found", "bad_input", "forbidden"}

COMMAND_WORDS = [
    "savings", "proposals", "phase", "phases", "gateway", "checkpoint", "next", "milestones",
    "milestone", "add", "set", "gap", "roi", "check", "programmes", "use", "help", "actual",
    "forecast", "rag", "history", "remind", "reminders", "here", "off", "leads", "ask",
    "as of", "--as-of", "--programme", "-p", "over", "years", "--date", "--kind", "--title",
    "kent", "harrow", "haringey", "haringey-mtfs-2017", "1.6", "1.16", "2.1", "amber",
]  # fmt: skip
FTS5 = ['"', "*", "NEAR", "NEAR(", "OR", "AND", "NOT", "-", "^", ":", "(", ")", "{", "}",
        "name:", '"a" * NEAR(b c, 2)', "col:^x", "+", "''"]  # fmt: skip
DATES = ["2014-02-29", "2014-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "2014-13-45",
         "10000-01-01", "-1-01-01", "2014-1-1", "2014-10-01T25:61", "2014-10-01T10:00+99:00",
         "2014-10", "2014", "١٤-١٠-٢٠١٤", "2014-10-0²", "99-00", "FY99-00", "0000-01"]  # fmt: skip
AMOUNTS = ["999999999999bn", "10000000k", "0.0000001k", "1e9", "1E-9", "١٢٠k", "£-5k", "NaN",
           "Infinity", "1,2,3", "1,000,000,000,000", "£.5m", "0k", "-0", "0x10", "½k",
           "1_000"]  # fmt: skip

odd_digits = st.characters(categories=["Nd", "No", "Nl"])
controls = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Co"])
long_words = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S"]), min_size=200, max_size=1500
)
numberish = st.one_of(
    st.text(alphabet=odd_digits, min_size=1, max_size=3),
    st.integers(min_value=-5, max_value=10**6).map(str),
    st.sampled_from(AMOUNTS),
)
options = st.one_of(  # the parser's options, which once let a Unicode digit through
    numberish.map("over {} years".format),
    st.one_of(st.sampled_from(DATES), st.dates().map(date.isoformat)).map("as of {}".format),
    st.one_of(st.sampled_from(COMMAND_WORDS), numberish).map("--programme {}".format),
)
piece = st.one_of(
    options,
    st.sampled_from(COMMAND_WORDS),
    st.sampled_from(FTS5),
    st.sampled_from(DATES),
    st.sampled_from(AMOUNTS),
    st.text(alphabet=odd_digits, min_size=1, max_size=6),
    st.text(alphabet=controls, min_size=1, max_size=4),
    st.text(max_size=15),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(date.isoformat),
)
questions = st.one_of(
    st.lists(piece, max_size=12).map(" ".join),
    st.tuples(st.sampled_from(COMMAND_WORDS), long_words).map(" ".join),
    st.text(max_size=2000),
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def runtime(kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    home = tmp_path_factory.mktemp("fuzz-home")
    return Runtime.start({"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)})


def context(today: date) -> Context:
    return Context(
        today=today,
        is_admin=True,
        now=datetime(2017, 7, 3, 9, tzinfo=LONDON),
        channel_id="C0FUZZ",
        user_id="U0FUZZ",
        via="slack",
    )


@FUZZ
@given(text=questions, today=st.dates())
@example(text="roi kent over ² years", today=date(2017, 7, 3))  # the crash fuzzing found
@example(text="--programme kent roi over ① years", today=date(2017, 7, 3))
def test_any_question_gets_an_answer_that_renders_everywhere(
    runtime: Runtime, text: str, today: date
) -> None:
    engine: Engine = runtime.engine
    engine.writes(text)  # asked before every Slack answer: must never raise
    answer = engine.answer(text, context(today))
    assert answer.status in ANSWERED, (text, answer)
    assert answer.title.strip()
    render_text(answer)
    for message in (
        answer_message(answer, text, today, engine.registry, KEY),
        shared_message(answer, text, "U0FUZZ"),
    ):
        assert block_kit_problems(message) == [], (text, answer)


@pytest.fixture(scope="module")
def mock_slack() -> Iterator[MockSlack]:
    server = MockSlack().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def slack_app(runtime: Runtime, mock_slack: MockSlack) -> Iterator[App]:
    services = make_services(runtime.engine)
    yield make_app(mock_slack, services)
    services.executor.shutdown(wait=True)


@settings(
    max_examples=max(20, EXAMPLES // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=questions)
@example(text="--programme kent roi over ² years")  # once an HTTP 500
def test_any_slash_command_text_is_answered_over_bolt_never_with_500(
    slack_app: App, mock_slack: MockSlack, text: str
) -> None:
    status, message = ask(slack_app, mock_slack, text)
    assert status == 200, text
    assert block_kit_problems(message) == [] if message.get("blocks") else message.get("text")
