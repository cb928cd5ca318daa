"""``more`` and ``sources``: words in front of any question that reads. The engine answers the
question and opens it up (``commands.followups``); these tags give the words their help and
answer them when nothing follows."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.registry import command


@command(
    "more",
    summary="The whole of a long answer: every line, where the answer showed the first few.",
    usage="more <question>",
    examples=("more milestones", "more proposals"),
    listing=listings.PAPERS,
)
def more(call: Call) -> Answer:
    raise BadInput("Say what to show more of, e.g. `more milestones`.", ("more milestones",))


@command(
    "sources",
    summary="Every place in the papers an answer used, with how we read each one.",
    usage="sources <question>",
    examples=("sources savings 1.6", "sources phase 3 haringey-54000"),
    listing=listings.PAPERS,
)
def sources(call: Call) -> Answer:
    raise BadInput(
        "Say which answer's sources to show, e.g. `sources savings 1.6`.", ("sources savings 1.6",)
    )
