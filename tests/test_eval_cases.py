"""The evaluation set's files are well formed and name only what the knowledge base holds.

The set itself is scored by ``make eval`` (a measurement, not a test). These tests read the
held-out file only to check its form; they never print its questions unless they share text
with the dev file, which is what they forbid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.cases import (
    CATEGORIES,
    DEV_FILE,
    HELD_OUT_FILE,
    Case,
    CaseFileError,
    load_cases,
    problems_against,
)
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
