"""The parts answers are made of: sources cited per paper within a phone's room, yearly savings
read as the table says (increments or levels), dates said humanly, the follow-up words, and
the shell's bare ``more``."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from bot.render_text import render_text
from bot.shell import run_shell
from commands.call import Context
from commands.citing import SOURCE_LIMIT, cite
from commands.engine import Engine
from commands.formatting import date_phrase, relative_days
from commands.savings_text import savings_cells, savings_lead
from knowledge.dates import PaperDate
from knowledge.model import INCREMENTS, LEVELS, Source, YearSavings, combined_levels

D = Decimal


def source(paper: str, place: str, note: str = "") -> Source:
    return Source("p", paper, place, note=note)


def test_each_paper_is_named_once_with_its_places() -> None:
    short, details = cite(
        [
            source("Paper A", "para 5.7"),
            source("Paper A", "para 6.4, first table, row 3"),
            source("Paper A", "para 6.4, first table"),  # narrowed down by the row: left out
            source("Paper B", "table 2; para 4", note="read as thousands"),
            source("Paper A", "para 5.7"),
        ]
    )
    assert short == ("Paper A: para 5.7; para 6.4, first table, row 3", "Paper B: table 2; para 4")
    assert any("How we read it: read as thousands" in d for d in details)


def test_a_long_source_line_keeps_every_paper_and_says_how_many_places_it_left_out() -> None:
    papers = [f"A paper with a long title number {i}" for i in range(5)]
    sources = [
        source(p, f"section {j}, paragraph {j}.{k}")
        for p in papers
        for j in range(3)
        for k in range(2)
    ]
    short, details = cite(sources)
    line = " · ".join(short)
    assert len(line) <= SOURCE_LIMIT
    assert all(line.count(p) == 1 for p in papers)
    assert line.endswith(" more") and details  # the rest behind `sources`


def test_nothing_to_add_behind_the_line_means_no_details() -> None:
    assert cite([source("Paper A", "para 1")]) == (("Paper A: para 1",), ())


def test_increments_reach_their_total_as_a_saving_a_year() -> None:
    years = [("2017-18", D(150)), ("2018-19", D(148)), ("2019-20", D(310)), ("2020-21", D(0))]
    assert (
        savings_lead(years, INCREMENTS, "GBP k") == "£608k a year by 2019-20, built up from 2017-18"
    )
    assert [c.value for c in savings_cells(years, INCREMENTS, "GBP k")] == [
        "+£150k",
        "+£148k",
        "+£310k",
    ]


def test_levels_build_up_to_a_full_year_and_add_up_over_the_years() -> None:
    years = [
        ("2014-15", D("0.0")),
        ("2015-16", D("7.6")),
        ("2016-17", D("16.9")),
        ("2017-18", D("17.7")),
    ]
    assert savings_lead(years, LEVELS, "GBP m", D("42.2")) == (
        "£17.7m a year by 2017-18; £42.2m over 2015-16 to 2017-18"
    )
    assert [c.label for c in savings_cells(years, LEVELS, "GBP m")] == [
        "2015-16",
        "2016-17",
        "2017-18",
    ]


def test_increments_carry_into_the_years_after_them_when_proposals_are_added_up() -> None:
    """Harrow: a saving added in 2012-13 still saves in 2013-14, where its row is blank."""
    restructure = YearSavings((("2012-13", D(312)), ("2013-14", D(140))), D(452), "GBP k")
    premises = YearSavings((("2012-13", D(100)),), D(100), "GBP k")
    assert combined_levels([restructure, premises]) == {"2012-13": D(412), "2013-14": D(552)}


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (12, "in 12 days"),
        (31, "in 31 days"),
        (151, "in about 5 months"),
        (-3927, "about 11 years ago"),
    ],
)
def test_how_far_off_a_date_is_said_in_words(days: int, words: str) -> None:
    assert relative_days(days) == words


def test_a_date_is_said_once_with_whether_its_day_is_fixed() -> None:
    today = date(2026, 12, 1)
    assert (
        date_phrase(PaperDate.parse("2016-03"), today)
        == "Mar 2016 (day not fixed), about 11 years ago"
    )
    assert date_phrase(PaperDate.parse("2015-03-16"), date(2015, 3, 2)) == "16 Mar 2015, in 14 days"
    spring = PaperDate.parse("2015-spring")
    assert date_phrase(spring, date(2015, 4, 1)) == "spring 2015 (day not fixed), this season"
    assert date_phrase(spring, date(2015, 1, 1)) == "spring 2015 (day not fixed), in about 2 months"


def test_more_and_sources_open_up_any_answer_that_reads(plain_engine: Engine) -> None:
    context = Context(today=date(2014, 10, 1))
    short = plain_engine.answer("milestones", context)
    whole = plain_engine.answer("more milestones", context)
    assert whole.lines == (*short.lines, *short.more) and not whole.more
    sources = plain_engine.answer("sources more milestones", context)
    assert sources.title == f"Sources: {short.title}" and sources.lines == short.details
    refused = plain_engine.answer(
        "more actual 1.6 2017-18 120k", Context(today=date(2014, 10, 1), is_admin=True)
    )
    assert refused.status == "bad_input" and "cannot follow a command that records" in refused.title


def test_the_shell_follows_up_the_last_question_with_a_bare_more(plain_engine: Engine) -> None:
    out = io.StringIO()
    run_shell(
        plain_engine, lambda: date(2014, 10, 1), io.StringIO("milestones\nmore\nsources\n"), out
    )
    printed = out.getvalue()
    assert "The papers run to 2017" in printed  # the banner says how to pin a date
    assert "Earlier:" in printed  # `more` showed the whole list
    assert "Sources: Next 5 of 37 milestones" in printed
    short = render_text(plain_engine.answer("milestones", Context(today=date(2014, 10, 1))))
    assert "`more` for 33 more lines" in short  # in the shell, `more` alone is enough
