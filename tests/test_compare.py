"""``compare`` puts two or more programmes or proposals side by side, each figure exactly as
its own question answers it."""

from __future__ import annotations

from datetime import date

import pytest

from commands.call import Context
from commands.engine import Engine

TODAY = Context(today=date(2015, 6, 15))


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("compare kent harrow", ("savings kent-0-25", "savings harrow-ics-2011")),
        ("compare 1.3 and 1.4", ("savings 1.3", "savings 1.4")),
        ("compare kent harrow roi", ("roi kent-0-25", "roi harrow-ics-2011")),
        ("compare 1.6 and 1.3 gap", ("gap 1.6", "gap 1.3")),
    ],
)
def test_each_side_shows_the_figures_its_own_question_gives(
    plain_engine: Engine, question: str, sides: tuple[str, ...]
) -> None:
    together = plain_engine.answer(question, TODAY)
    assert together.ok, together.title
    shown = "\n".join(together.lines)
    for side in sides:
        alone = plain_engine.answer(side, TODAY)
        assert alone.ok and (alone.lead or alone.lines[0]).strip() in shown


def test_compare_needs_two_things(plain_engine: Engine) -> None:
    answer = plain_engine.answer("compare kent", TODAY)
    assert answer.status == "bad_input" and "Name two things" in answer.title


def test_a_year_compares_that_year(plain_engine: Engine) -> None:
    answer = plain_engine.answer("compare fom and mtfs 2017 savings in 2017/18", TODAY)
    assert answer.ok and answer.reading is not None and answer.reading.years == ("2017-18",)
