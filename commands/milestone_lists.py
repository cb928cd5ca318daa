"""Milestones in date order from the as-of date: the next, the last, or a list of them; shared by
``gateway``, ``checkpoint``, ``next``, ``milestones`` and ``milestone`` without an edit.

The papers end in 2017, so on the default knowledge base everything is in the past: when nothing
asked about is ahead, the answer says so and offers the as-of date at which it would be.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from commands.answer import Answer
from commands.call import Call
from commands.citing import cite
from commands.errors import BadInput
from commands.formatting import day_text
from commands.item_answers import milestone_answer, milestone_line
from knowledge.dates import last_day
from knowledge.model import Milestone

LISTED = 5  # the next five on one screen; the rest behind ``more``


def in_scope(call: Call, kinds: tuple[str, ...]) -> list[Milestone]:
    """The milestones of these kinds (all kinds for none) in scope, in date order."""
    if len(call.scope.programme_ids) == 1:
        return call.kb.milestones(call.scope.programme_ids[0], kinds)
    if call.scope.how == "all":
        return call.kb.milestones(None, kinds)
    wanted = set(call.scope.programme_ids)
    return [m for m in call.kb.milestones(None, kinds) if m.programme_id in wanted]


def as_of_ahead(items: list[Milestone], count: int = 1) -> date:
    """An as-of date with the last ``count`` items still ahead: the day after the one before
    them, or a month before the first when there are no more than ``count``."""
    if len(items) > count:
        return last_day(items[-count - 1].date) + timedelta(days=1)
    first = items[0].date.first_day()
    return (first.replace(day=1) - timedelta(days=1)).replace(day=1)


def _asked(call: Call, words: str, as_of: date) -> str:
    where = (
        f" {call.scope.single}"
        if call.scope.how in {"text", "option"} and call.scope.single
        else ""
    )
    return f"{words}{where} as of {as_of.isoformat()}"


def next_or_last(call: Call, kinds: tuple[str, ...], noun: str, direction: str) -> Answer:
    """The next (or last) milestone of these kinds from the as-of date; the other way when
    there is none that way, saying so."""
    items = in_scope(call, kinds)  # the knowledge base keeps them in date order
    if not items:
        raise BadInput(
            f"No {noun}s are recorded for {', '.join(call.scope.programme_ids)}.", ("milestones",)
        )
    split = bisect_left(items, call.today, key=lambda m: m.date.first_day())
    upcoming, past = items[split:], items[:split]
    word = "next" if not kinds else noun
    if direction == "next":
        if upcoming:
            return milestone_answer(call, upcoming[0], f"Next {noun}")
        last = past[-1]
        answer = milestone_answer(call, last, f"Last {noun}")
        ahead = as_of_ahead(items)
        return answer.but(
            title=f"No {noun} after {day_text(call.today)}; the last was {last.title} ({last.programme_id})",
            suggestions=(_asked(call, f"{word} next" if kinds else "next", ahead),),
        )
    if past:
        return milestone_answer(call, past[-1], f"Last {noun}")
    answer = milestone_answer(call, upcoming[0], f"First {noun}")
    return answer.but(
        title=f"No {noun} before {day_text(call.today)}; the first is {upcoming[0].title} ({upcoming[0].programme_id})"
    )


def in_months(items: list[Milestone], months: tuple[str, str]) -> list[Milestone]:
    """The milestones dated within a month range (a year-only date is in none)."""
    first, last = months
    return [m for m in items if m.date.precision != "year" and first <= m.date.iso[:7] <= last]


def list_milestones(call: Call, kinds: tuple[str, ...], noun: str, words: str) -> Answer:
    """The milestones of these kinds in scope from the as-of date: the next few on screen,
    every one behind ``more``; when none is ahead, the last few and a date they were ahead.
    Months asked for narrow the list to those months, all of them in date order."""
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
        return _in_span(call, items, noun, span)
    if not items:
        return Answer(title=f"No {noun}s recorded for {', '.join(call.scope.programme_ids)}.")
    several = len({m.programme_id for m in items}) > 1
    # still to come: anything not yet over, so a milestone dated this month is ahead
    ahead = [m for m in items if last_day(m.date) >= call.today]
    plural = f"{noun}{'s' if len(items) != 1 else ''}"
    suggestions: tuple[str, ...] = ()
    if ahead and len(items) <= LISTED:  # all of them fit: the ones before too, in date order
        shown = items
        title = f"{len(items)} {plural}, {len(ahead)} still to come (from {day_text(call.today)})"
        if len(ahead) == len(items):
            title = f"{len(items)} {plural}, all ahead (from {day_text(call.today)})"
    elif ahead:
        shown = ahead[:LISTED]
        title = f"Next {len(shown)} of {len(items)} {plural} (from {day_text(call.today)})"
    else:
        shown = items[-LISTED:]
        title = f"No {noun} after {day_text(call.today)}: the last {len(shown)} of {len(items)} {plural}"
        suggestions = (_asked(call, words, as_of_ahead(items, len(shown))),)
    later = [m for m in ahead if m not in shown]
    earlier = [m for m in items if m not in ahead and m not in shown]
    more = [milestone_line(m, call, several) for m in later]
    if earlier:
        more += ["Earlier:", *(milestone_line(m, call, several) for m in earlier)]
    short, details = cite(m.source for m in shown)
    return Answer(
        title=title,
        lines=tuple(milestone_line(m, call, several) for m in shown),
        more=tuple(more),
        sources=short,
        details=details,
        suggestions=suggestions,
        data={"milestones": [m.id for m in shown]},
    )


def _in_span(call: Call, items: list[Milestone], noun: str, span: str) -> Answer:
    """The milestones in the months asked for, the first few on screen and the rest behind
    ``more``, each with how far off it is from the as-of date."""
    several = len({m.programme_id for m in items}) > 1
    shown = items[:LISTED]
    plural = f"{noun}{'s' if len(items) != 1 else ''}"
    title = f"{len(items)} {plural} in {span}"
    if len(shown) < len(items):
        title = f"First {len(shown)} of {len(items)} {plural} in {span}"
    short, details = cite(m.source for m in shown)
    return Answer(
        title=title,
        lines=tuple(milestone_line(m, call, several) for m in shown),
        more=tuple(milestone_line(m, call, several) for m in items[LISTED:]),
        sources=short,
        details=details,
        data={"milestones": [m.id for m in shown]},
    )


def all_milestones(call: Call) -> Answer:
    """``milestones``: every milestone of any kind; nothing else may follow the word."""
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "milestones".', ("milestones",))
    return list_milestones(call, (), "milestone", "milestones")
