"""``gateway``, ``checkpoint``, ``next`` and ``milestones``: dates, days to go, what is decided."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.milestone_lists import all_milestones, list_milestones, next_or_last
from commands.registry import command


def _kind_command(call: Call, kinds: tuple[str, ...], noun: str) -> Answer:
    word = call.args[0].lower() if call.args else "next"
    if word not in {"next", "last", "list"} or len(call.args) > 1:
        raise BadInput(
            f'Use "{noun} next", "{noun} last" or "{noun} list".',
            (f"{noun} next", f"{noun} list"),
        )
    if word == "list":
        return list_milestones(call, kinds, noun, f"{noun} list")
    return next_or_last(call, kinds, noun, word)


@command(
    "gateway",
    summary="The next or last gateway (or all of them), with days to go and what it decides.",
    usage="gateway next|last|list [programme] [as of YYYY-MM-DD]",
    examples=("gateway next", "gateway list haringey-54000", "gateway next as of 2015-04-01"),
    aliases=("gateways",),
    brief="gateway next|last|list",
    listing=listings.DATES,
)
def gateway(call: Call) -> Answer:
    return _kind_command(call, ("gateway",), "gateway")


@command(
    "checkpoint",
    summary="The next or last checkpoint (or all of them), with days to go and what it decides.",
    usage="checkpoint next|last|list [programme] [as of YYYY-MM-DD]",
    examples=("checkpoint next", "checkpoint list", "checkpoint next as of 2014-06-01"),
    aliases=("checkpoints",),
    brief="checkpoint next|last|list",
    listing=listings.DATES,
)
def checkpoint(call: Call) -> Answer:
    return _kind_command(call, ("checkpoint",), "checkpoint")


@command(
    "next",
    summary="The next milestone of any kind: checkpoint, gateway, decision, go-live or delivery date.",
    usage="next [programme] [as of YYYY-MM-DD]",
    examples=("next", "next harrow as of 2011-09-01"),
    listing=listings.DATES,
)
def next_milestone(call: Call) -> Answer:
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "next".', ("next", "milestones"))
    return next_or_last(call, (), "milestone", "next")


@command(
    "milestones",
    summary="Milestones from the as-of date, the next five with how far off each is (`more` for every one); name a month or a span of months to see just those.",
    usage="milestones [programme] [YYYY-MM or YYYY-MM..YYYY-MM] [as of YYYY-MM-DD]",
    examples=("milestones kent", "milestones 2015-06", "milestones as of 2015-01-01"),
    periods=True,
    brief="milestones [month]",
    listing=listings.DATES,
)
def milestones(call: Call) -> Answer:
    return all_milestones(call)
