"""Questions typed the way board members ask them are read as the documented request, and
each reading says how it was read. Forms and vocabularies, not single questions: the cases
below are one or two of each form; the evaluation set (``make eval``) measures the rest."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.runtime import Runtime
from commands.call import Context
from commands.engine import Engine
from commands.spelling import Vocabulary
from knowledge.dates import LONDON
from knowledge.source_files import DEFAULT_SOURCES_DIR

TODAY = date(2015, 6, 15)
NOW = datetime(2015, 6, 15, 9, 0, tzinfo=LONDON)
FIXTURES = Path(__file__).parent / "fixtures"


def read(engine: Engine, text: str, today: date = TODAY) -> dict[str, object]:
    reading = engine.read(text, Context(today=today, channel_id="C1"))
    assert reading is not None, text
    return reading.as_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "how much will adoption save in 2019-20?",
            {"command": "savings", "subject": "1.6", "years": ["2019-20"]},
        ),
        ("savigns 1.6", {"command": "savings", "subject": "1.6"}),
        ("1.6 gap", {"command": "gap", "subject": "1.6"}),
        ("next checkpoint", {"command": "checkpoint", "direction": "next"}),
        ("when was the last gateway", {"command": "gateway", "direction": "last"}),
        ("proposals that are amber", {"command": "proposals", "rag": "amber"}),
        ("red proposals", {"command": "proposals", "rag": "red"}),
        (
            "kent savings 2017/18",
            {"command": "savings", "programmes": ["kent-0-25"], "years": ["2017-18"]},
        ),
        ("milestones in june 2015", {"command": "milestones", "months": ["2015-06", "2015-06"]}),
        ("what is due this month", {"command": "milestones", "months": ["2015-06", "2015-06"]}),
        (
            "who is responsible for family group conferencing",
            {"command": "savings", "subject": "1.3"},
        ),
        ("what is the payback on 1.3", {"command": "roi", "subject": "1.3"}),
        ("is phase 3 over budget", {"command": "phase", "subject": "3"}),
        ("phase as of 1 October 2014", {"command": "phase", "as_of": "2014-10-01"}),
        (
            "compare kent and harrow savings",
            {
                "command": "compare",
                "compare": ["kent-0-25", "harrow-ics-2011"],
                "measure": "savings",
            },
        ),
        ("hi", {"command": "help"}),
        ("what can you do?", {"command": "help"}),
        ("how does the gap command work", {"command": "help", "subject": "gap"}),
        ("gap haringay 54000", {"command": "gap", "programmes": ["haringey-54000"]}),
    ],
)
def test_questions_are_read_as_the_documented_request(
    plain_engine: Engine, text: str, expected: dict[str, object]
) -> None:
    got = read(plain_engine, text)
    assert {k: got[k] for k in expected} == expected


def test_an_answer_to_a_question_not_in_the_syntax_says_how_it_was_read(
    plain_engine: Engine,
) -> None:
    answer = plain_engine.answer("how much will adoption save in 2019-20?", Context(today=TODAY))
    assert answer.ok and answer.read_as == "savings 1.6 for 2019-20"
    documented = plain_engine.answer("savings 1.6", Context(today=TODAY))
    assert documented.ok and documented.read_as == ""


def test_a_short_word_is_never_fuzzily_taken_for_a_longer_name() -> None:
    vocabulary = Vocabulary.of(["safeguarding", "savings target"])
    assert vocabulary.correct("sav") == "save"  # completes a command word it begins
    assert vocabulary.correct("safegarding") == "safeguarding"  # a long word's typo


def test_an_everyday_word_is_never_corrected_into_a_name() -> None:
    vocabulary = Vocabulary.of(["north london", "kent", "net benefit"])
    assert vocabulary.correct("worth") == "worth"
    assert vocabulary.correct("knet") == "kent"  # nearest keeping its first letter


def test_a_name_several_programmes_share_is_asked_back_not_guessed(plain_engine: Engine) -> None:
    answer = plain_engine.answer("savings early help", Context(today=TODAY))
    assert answer.status == "not_found" and "several programmes" in answer.title
    settled = plain_engine.answer("early help savings in the 2017 proposals", Context(today=TODAY))
    assert settled.ok and settled.reading is not None and settled.reading.subject == "1.2"


def test_an_impossible_date_is_said_back(plain_engine: Engine) -> None:
    answer = plain_engine.answer("which phase were we in on 31/02/2015", Context(today=TODAY))
    assert answer.status == "bad_input" and '"31/02/2015" is not a real date' in answer.title


def test_a_write_is_never_what_a_failed_documented_question_is_read_as(
    runtime: Runtime,
) -> None:
    context = Context(today=TODAY, is_admin=True, channel_id="C1", now=NOW)
    answer = runtime.engine.answer(
        "milestone add --programme kent --kind party --date 2015-01-01 --title X", context
    )
    assert answer.status == "bad_input" and "not a milestone kind" in answer.title


def test_a_new_programme_file_is_understood_without_a_code_change(
    tmp_path: Path,
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, sources)
    shutil.copy(FIXTURES / "brightwater-2026.toml", sources)
    env = {"CYPS_HOME": str(tmp_path / "home"), "CYPS_SOURCES": str(sources)}
    engine = Runtime.start(env).engine
    today = date(2026, 3, 1)
    got = read(engine, "how much will short braeks save in 2026/27?", today)
    assert (got["command"], got["subject"], got["years"]) == ("savings", "7.1", ["2026-27"])
    got = read(engine, "next gatewy for brightwatr", today)
    assert (got["command"], got["programmes"], got["direction"]) == (
        "gateway",
        ["brightwater-2026"],
        "next",
    )
    answer = engine.answer("who is responsible for respite", Context(today=today))
    assert answer.ok and "Head of Family Support" in "\n".join(answer.lines)


def test_a_close_second_reading_is_offered_as_a_suggestion(plain_engine: Engine) -> None:
    named_alone = plain_engine.answer("adoption payments", Context(today=TODAY))
    assert named_alone.suggestions[:2] == ("gap 1.6", "roi 1.6")
    found_elsewhere = plain_engine.answer("fgc block contract", Context(today=TODAY))
    assert found_elsewhere.reading is not None and found_elsewhere.reading.command == "ask"
    assert "savings 1.3" in found_elsewhere.suggestions


def test_an_answer_a_channel_default_scoped_says_so(runtime: Runtime) -> None:
    context = Context(today=TODAY, channel_id="C0KENT")
    runtime.engine.answer("use kent", context)
    answer = runtime.engine.answer("savings", context)
    assert any("kent-0-25, this channel's default" in note for note in answer.notes)
    named = runtime.engine.answer("savings harrow", context)
    assert not any("channel's default" in note for note in named.notes)
