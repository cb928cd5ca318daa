"""The evaluation set's files are well formed and name only what the knowledge base holds,
and its scorer counts a case right only when the Reading and the answer are both right.

The set itself is scored by ``make eval`` (a measurement, not a test). These tests read the
held-out file only to check its form; they never print its questions unless they share text
with the dev file, which is what they forbid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.runtime import Runtime
from evals import run
from evals.cases import (
    CATEGORIES,
    DEV_FILE,
    HELD_OUT_FILE,
    Case,
    CaseFileError,
    load_cases,
    problems_against,
)
from evals.scoring import field_matches, reading_as_dict, score_case
from knowledge.queries import KnowledgeBase


@pytest.fixture(scope="module")
def dev() -> list[Case]:
    return load_cases(DEV_FILE)


@pytest.fixture(scope="module")
def held_out() -> list[Case]:
    return load_cases(HELD_OUT_FILE)


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def test_case_ids_are_unique_across_both_files(dev: list[Case], held_out: list[Case]) -> None:
    ids = [case.id for case in dev + held_out]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_dev_and_held_out_share_no_text(dev: list[Case], held_out: list[Case]) -> None:
    assert {_normal(c.text) for c in dev} & {_normal(c.text) for c in held_out} == set()


def test_held_out_is_a_fifth_of_every_category(dev: list[Case], held_out: list[Case]) -> None:
    assert len(dev) >= 250
    assert 0.15 <= len(held_out) / (len(dev) + len(held_out)) <= 0.25
    for category in CATEGORIES:
        assert any(c.category == category for c in dev), category
        assert any(c.category == category for c in held_out), category


def test_every_case_names_only_what_the_knowledge_base_holds(
    kb: KnowledgeBase, dev: list[Case], held_out: list[Case]
) -> None:
    assert problems_against(kb, dev + held_out) == []


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text('default_today = "2015-06-15"\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('category = "documented"\ntext = "savings"\ncommnd = "savings"', "unknown key 'commnd'"),
        ('category = "misc"\ntext = "savings"\ncommand = "savings"', "category 'misc'"),
        ('category = "documented"\ntext = "gap"\nyears = ["2014/15"]', "not canonical"),
        ('category = "documented"\ntext = "gap"\nyears = ["2014-16"]', "not canonical"),
        ('category = "month"\ntext = "x"\nmonths = ["2015-08", "2015-06"]', "backwards"),
        ('category = "rag"\ntext = "x"\nrag = "purple"', "rag 'purple'"),
        ('category = "date"\ntext = "x"\nas_of = "01/10/2014"', "not an ISO date"),
        ('category = "documented"\ntext = "x"\nunset = ["colour"]', "unset names 'colour'"),
        ('category = "documented"\ntext = "savings"', "expects nothing"),
    ],
)
def test_load_cases_refuses_what_the_schema_does_not_allow(
    tmp_path: Path, body: str, problem: str
) -> None:
    path = _write(tmp_path, f'[[cases]]\nid = "bad-1"\n{body}\n')
    with pytest.raises(CaseFileError, match=problem):
        load_cases(path)


def test_problems_against_names_an_unknown_programme_and_item(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    path = _write(
        tmp_path,
        '[[cases]]\nid = "a"\ncategory = "scope"\ntext = "x"\nprogrammes = ["surrey"]\n'
        '[[cases]]\nid = "b"\ncategory = "search"\ntext = "y"\ncommand = "ask"\n'
        'subject = "figure:kent-0-25:no-such-figure"\n'
        '[[cases]]\nid = "c"\ncategory = "documented"\ntext = "z"\ncommand = "savings"\n'
        'subject = "9.9"\n',
    )
    problems = problems_against(kb, load_cases(path))
    assert [p.split(":")[0] for p in problems] == ["case a", "case b", "case c"]


def test_programmes_compare_as_a_set_and_unset_means_empty() -> None:
    assert field_matches(
        "programmes", ["kent-0-25", "harrow-ics-2011"], ["harrow-ics-2011", "kent-0-25"]
    )
    assert not field_matches(
        "compare", ["kent-0-25", "harrow-ics-2011"], ["harrow-ics-2011", "kent-0-25"]
    )
    assert field_matches("rag", None, None) and field_matches("years", None, [])
    assert not field_matches("rag", None, "red")


def test_reading_as_dict_accepts_any_object_with_the_fields() -> None:
    class Reading:
        command = "savings"
        years = ("2018-19",)
        as_of = date(2014, 10, 1)

    plain = reading_as_dict(Reading())
    assert (plain["command"], plain["years"], plain["as_of"]) == (
        "savings",
        ["2018-19"],
        "2014-10-01",
    )
    assert plain["months"] is None


def _case(text: str, contains: tuple[str, ...], **expected: object) -> Case:
    return Case("t-1", "documented", text, date(2015, 6, 15), None, dict(expected), contains)


def test_a_documented_command_scores_right_through_the_real_engine(runtime: Runtime) -> None:
    case = _case("savings 1.6", ("£608k",), command="savings", subject="1.6", programmes=[])
    assert score_case(runtime.engine, case).correct


def test_a_wrong_field_or_a_missing_figure_scores_wrong(runtime: Runtime) -> None:
    wrong_subject = score_case(runtime.engine, _case("savings 1.6", ("£608k",), subject="1.4"))
    missing = score_case(runtime.engine, _case("savings 1.6", ("£999k",), command="savings"))
    assert wrong_subject.wrong_fields == {"subject": ("1.4", "1.6")}
    assert missing.missing == ("£999k",) and not missing.correct


def test_a_channel_default_scopes_the_case_but_is_not_named(runtime: Runtime) -> None:
    def scoped(contains: str) -> Case:
        expected: dict[str, object] = {"programmes": []}
        return Case(
            "t-2", "scope", "savings", date(2015, 6, 15), "kent-0-25", expected, (contains,)
        )

    assert score_case(runtime.engine, scoped("£95.9m")).correct  # Kent's, and Kent is not named
    assert score_case(runtime.engine, scoped("£16,784k")).missing == ("£16,784k",)  # not FOM's


class _EngineWithRead:
    """The real engine plus a ``read`` method, as the understander will add one."""

    def __init__(self, engine: object, read: Callable[[str, object], object]):
        self._engine, self.read = engine, read

    def __getattr__(self, name: str) -> object:
        return getattr(self._engine, name)


def test_the_engines_own_reading_is_scored_when_it_has_one(runtime: Runtime) -> None:
    engine = _EngineWithRead(
        runtime.engine, lambda text, context: {"command": "savings", "subject": "9.9"}
    )
    result = score_case(engine, _case("savings 1.6", ("£608k",), subject="1.6"))
    assert result.wrong_fields == {"subject": ("1.6", "9.9")}


def test_a_reading_that_crashes_is_a_wrong_case_not_a_crash(runtime: Runtime) -> None:
    def read(text: str, context: object) -> object:
        raise RuntimeError("not built yet")

    result = score_case(
        _EngineWithRead(runtime.engine, read), _case("savings 1.6", (), command="savings")
    )
    assert not result.correct and result.error == "RuntimeError: not built yet"


def test_make_eval_prints_no_held_out_question(
    capsys: pytest.CaptureFixture[str], held_out: list[Case]
) -> None:
    assert run.main([]) == 0
    printed = capsys.readouterr().out
    assert "held-out: " in printed and "dev failures" in printed
    words = set(printed.split())
    assert [c.id for c in held_out if c.id in words or f"] {c.text!r}" in printed] == []
