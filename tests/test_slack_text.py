"""Slack's escaping and markup in /cyps text are undone before the engine reads it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.blocks import escape
from bot.slack.text import decode_slack_text


@pytest.mark.parametrize(
    ("wire", "typed"),
    [
        ("savings 1.6", "savings 1.6"),
        ("gap haringey &amp; kent", "gap haringey & kent"),
        ("roi &lt;5 years&gt;", "roi <5 years>"),
        ("&amp;lt; stays text", "&lt; stays text"),
        ("ask <@U0123ABC>", "ask @U0123ABC"),
        ("ask <@U0123ABC|ann.asker> about 1.6", "ask @ann.asker about 1.6"),
        ("use <#C0BOARD|programme-board>", "use #programme-board"),
        ("use <#C0BOARD>", "use #C0BOARD"),
        ("<!here> gateway next", "@here gateway next"),
        ("<!channel|channel> next", "@channel next"),
        ("<!subteam^S0123|@board> next", "@board next"),
        ("<!date^1392734382^{date}|Feb 18th, 2014> next", "Feb 18th, 2014 next"),
        ("see <https://example.org/paper.pdf>", "see https://example.org/paper.pdf"),
        ("see <https://example.org/p?a=1&amp;b=2|the paper>", "see the paper"),
        ("mail <mailto:board@example.org|board@example.org>", "mail board@example.org"),
        ("savings “1.6” — kent", "savings “1.6” — kent"),
        ("", ""),
    ],
)
def test_slack_wire_text_decodes_to_what_was_typed(wire: str, typed: str) -> None:
    assert decode_slack_text(wire) == typed


@given(st.text())
def test_decoding_undoes_slacks_escaping_of_any_text(typed: str) -> None:
    assert decode_slack_text(escape(typed)) == typed
