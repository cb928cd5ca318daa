"""Milestones in date order from the as-of date: the next, the last, or all of them; shared by
``gateway``, ``checkpoint``, ``next``, ``milestones`` and ``milestone`` without an edit."""

from __future__ import annotations

from bisect import bisect_left

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.item_answers import milestone_answer, milestone_line
from knowledge.model import Milestone


def in_scope(call: Call, kinds: tuple[str, ...]) -> list[Milestone]:
    """The milestones of these kinds (all kinds for none) in scope, in date order."""
    if len(call.scope.programme_ids) == 1:
        return call.kb.milestones(call.scope.programme_ids[0], kinds)
    if call.scope.how == "all":
        return call.kb.milestones(None, kinds)
    wanted = set(call.scope.programme_ids)
    return [m for m in call.kb.milestones(None, kinds) if m.programme_id in wanted]


def next_or_last(call: Call, kinds: tuple[str, ...], noun: str, direction: str) -> Answer:
    """The next (or last) milestone of these kinds from the as-of date; the other way when
    there is none that way."""
    items = in_scope(call, kinds)  # the knowledge base keeps them in date order
    if not items:
        raise BadInput(
            f"No {noun}s are recorded for {', '.join(call.scope.programme_ids)}.", ("milestones",)
        )
    split = bisect_left(items, call.today, key=lambda m: m.date.first_day())
    upcoming, past = items[split:], items[:split]
    if direction == "next":
        if upcoming:
            return milestone_answer(call, upcoming[0], f"Next {noun}")
        answer = milestone_answer(call, past[-1], f"Last {noun}")
        return Answer(
            **{
                **answer.__dict__,
                "title": f"No {noun} after {call.today.isoformat()}. The last was: {past[-1].title} ({past[-1].programme_id})",
            },
        )
    if past:
        return milestone_answer(call, past[-1], f"Last {noun}")
    return Answer(
        title=f"No {noun} before {call.today.isoformat()}.",
        lines=(milestone_line(upcoming[0], call),),
        sources=(upcoming[0].source.cite(),),
    )


def in_months(items: list[Milestone], months: tuple[str, str]) -> list[Milestone]:
    """The milestones dated within a month range (a year-only date is in none)."""
    first, last = months
    return [m for m in items if m.date.precision != "year" and first <= m.date.iso[:7] <= last]


def list_milestones(call: Call, kinds: tuple[str, ...], noun: str) -> Answer:
    """Every milestone of these kinds in scope (in the months asked for), with days to go."""
    items = in_scope(call, kinds)  # the knowledge base keeps them in date order
    months = call.request.months
    if months:
        items = in_months(items, months)
        span = months[0] if months[0] == months[1] else f"{months[0]} to {months[1]}"
        if not items:
            return Answer(
                title=f"No {noun}s in {span} for {', '.join(call.scope.programme_ids)}.",
                suggestions=(f"{noun}s",),
            )
    if not items:
        return Answer(title=f"No {noun}s recorded for {', '.join(call.scope.programme_ids)}.")
    return Answer(
        title=f"{len(items)} {noun}{'s' if len(items) != 1 else ''} (as of {call.today.isoformat()})",
        lines=tuple(milestone_line(m, call) for m in items),
        sources=tuple(dict.fromkeys(m.source.cite() for m in items)),
    )


def all_milestones(call: Call) -> Answer:
    """``milestones``: every milestone of any kind; nothing else may follow the word."""
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "milestones".', ("milestones",))
    return list_milestones(call, (), "milestone")
