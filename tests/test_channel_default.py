"""``use`` sets a channel's default programme and ``use none`` (or ``use all``) clears it, in
state.db, so it survives a restart."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.runtime import Runtime
from commands.call import Context
from knowledge.dates import LONDON

CONTEXT = Context(
    today=date(2015, 1, 1), channel_id="C0BOARD", now=datetime(2015, 1, 1, 9, tzinfo=LONDON)
)


@pytest.mark.parametrize("clearing", ["use none", "use all", "use nothing"])
def test_use_none_clears_the_channel_default_and_says_what_it_was(
    runtime: Runtime, clearing: str
) -> None:
    assert runtime.engine.answer("use kent", CONTEXT).ok
    assert runtime.engine.answer("savings", CONTEXT).title.endswith("kent-0-25")
    cleared = runtime.engine.answer(clearing, CONTEXT)
    assert cleared.ok and cleared.title == "This channel no longer uses kent-0-25 by default."
    assert runtime.engine.answer("savings", CONTEXT).title.endswith("all programmes")


def test_use_none_without_a_default_says_there_was_none(runtime: Runtime) -> None:
    answer = runtime.engine.answer("use none", CONTEXT)
    assert answer.ok and answer.title == "This channel has no default programme."


def test_a_cleared_default_stays_cleared_after_a_restart(
    runtime: Runtime, cyps_env: dict[str, str]
) -> None:
    runtime.engine.answer("use harrow", CONTEXT)
    runtime.engine.answer("use none", CONTEXT)
    again = Runtime.start(cyps_env)
    assert again.channel_defaults.default_programme("C0BOARD") is None
