"""Milestones in date order from the as-of date: the next, the last, or a list of them; shared by
``gateway``, ``checkpoint``, ``next``, ``milestones`` and ``milestone`` without an edit.

The papers end in 2017, so on the default knowledge base everything is in the past: when nothing
asked about is ahead, the answer says so and offers the as-of date at which it would be.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta
from typing import overload

from commands.answer import Answer
from commands.call import MANY, Call
from commands.citing import cite
from commands.errors import BadInput
from commands.formatting import day_text
from commands.item_answers import milestone_answer, milestone_line
from knowledge.dates import last_day
from knowledge.index_records import MilestoneKey
from knowledge.model import Milestone
from knowledge.queries import KnowledgeBase

LISTED = 5  # the next five on one screen; the rest behind ``more``
MORE = 40  # lines behind ``more`` at most; past that, the answer says how many and to narrow


class Timeline(Sequence[Milestone]):
    """Milestones in date order, each built only when it is looked at: over thousands of
    programmes a list or the next one needs a handful of them, not all."""

    def __init__(self, kb: KnowledgeBase, keys: list[MilestoneKey]):
        self.kb = kb
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Milestone: ...
    @overload
    def __getitem__(self, index: slice) -> list[Milestone]: ...
    def __getitem__(self, index: int | slice) -> Milestone | list[Milestone]:
        if isinstance(index, slice):
            return [self._built(k) for k in self.keys[index]]
        return self._built(self.keys[index])

    def _built(self, key: MilestoneKey) -> Milestone:
        milestone = self.kb.milestone(key.programme_id, key.id)
        assert milestone is not None  # the keys come from the same build and edits
        return milestone

    def first_from(self, day: date) -> int:
        """The index of the first milestone that starts on or after ``day``."""
        return bisect_left(self.keys, day.isoformat(), key=lambda k: k.first)

    def still_to_come(self, day: date) -> list[int]:
        """The indexes of those not over by ``day`` (one dated this month is still to come)."""
        shown = day.isoformat()
        return [i for i, key in enumerate(self.keys) if key.last >= shown]


def in_scope(call: Call, kinds: tuple[str, ...]) -> Timeline:
    """The milestones of these kinds (all kinds for none) in scope, in date order."""
    ids = call.scope.programme_ids
    if len(ids) <= MANY:
        found = [m for pid in ids for m in call.kb.milestones(pid, kinds)]
        if len(ids) > 1:
            found.sort(key=lambda m: (m.date.first_day(), m.programme_id, m.id))
        keys = [_key(m) for m in found]
    else:
        wanted = None if call.scope.how == "all" else set(ids)
        keys = [
            k
            for k in call.kb.milestone_keys()
            if (not kinds or k.kind in kinds) and (wanted is None or k.programme_id in wanted)
        ]
    return Timeline(call.kb, keys)


def _key(milestone: Milestone) -> MilestoneKey:
    first, last = milestone.date.first_day(), last_day(milestone.date)
    return MilestoneKey(
        first.isoformat(), milestone.programme_id, milestone.id, last.isoformat(), milestone.kind
    )


def as_of_ahead(items: Sequence[Milestone], count: int = 1) -> date:
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
        raise BadInput(f"No {noun}s are recorded for {_where(call)}.", ("milestones",))
    split = items.first_from(call.today)
    upcoming = items[split] if split < len(items) else None
    past = items[split - 1] if split else None
    word = "next" if not kinds else noun
    if direction == "next":
        if upcoming is not None:
            return milestone_answer(call, upcoming, f"Next {noun}")
        assert past is not None
        last = past
        answer = milestone_answer(call, last, f"Last {noun}")
        ahead = as_of_ahead(items)
        return answer.but(
            title=f"No {noun} after {day_text(call.today)}; the last was {last.title} ({last.programme_id})",
            suggestions=(_asked(call, f"{word} next" if kinds else "next", ahead),),
        )
    if past is not None:
        return milestone_answer(call, past, f"Last {noun}")
    assert upcoming is not None
    answer = milestone_answer(call, upcoming, f"First {noun}")
    return answer.but(
        title=f"No {noun} before {day_text(call.today)}; the first is {upcoming.title} ({upcoming.programme_id})"
    )


def in_months(items: Timeline, months: tuple[str, str]) -> Timeline:
    """The milestones dated within a month range (a year-only date is in none)."""
    first, last = months
    kept = [k for k in items.keys if not _year_only(k) and first <= k.first[:7] <= last]
    return Timeline(items.kb, kept)


def _year_only(key: MilestoneKey) -> bool:
    """Dated to a year and no closer: it runs from 1 January to 31 December."""
    return key.first[5:] == "01-01" and key.last[5:] == "12-31" and key.first[:4] == key.last[:4]


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
                title=f"No {noun}s in {span} for {_where(call)}.",
                suggestions=(f"{noun}s",),
            )
        return _in_span(call, items, noun, span)
    if not items:
        return Answer(title=f"No {noun}s recorded for {_where(call)}.")
    several = len({k.programme_id for k in items.keys}) > 1
    # still to come: anything not yet over, so a milestone dated this month is ahead
    ahead = items.still_to_come(call.today)
    plural = f"{noun}{'s' if len(items) != 1 else ''}"
    suggestions: tuple[str, ...] = ()
    if ahead and len(items) <= LISTED:  # all of them fit: the ones before too, in date order
        shown = list(range(len(items)))
        title = f"{len(items)} {plural}, {len(ahead)} still to come (from {day_text(call.today)})"
        if len(ahead) == len(items):
            title = f"{len(items)} {plural}, all ahead (from {day_text(call.today)})"
    elif ahead:
        shown = ahead[:LISTED]
        title = f"Next {len(shown)} of {len(items)} {plural} (from {day_text(call.today)})"
    else:
        shown = list(range(len(items)))[-LISTED:]
        title = f"No {noun} after {day_text(call.today)}: the last {len(shown)} of {len(items)} {plural}"
        suggestions = (_asked(call, words, as_of_ahead(items, len(shown))),)
    on_screen = set(shown)
    to_come = set(ahead)
    later = [i for i in ahead if i not in on_screen]
    earlier = [i for i in range(len(items)) if i not in to_come and i not in on_screen]
    behind = later[:MORE]
    more = [milestone_line(m, call, several) for m in _built(items, behind)]
    room = MORE - len(behind)
    if earlier and room > 0:
        before = earlier[-room:]
        behind += before
        more += ["Earlier:", *(milestone_line(m, call, several) for m in _built(items, before))]
    left = len(later) + len(earlier) - len(behind)
    if left > 0:
        more.append(
            f"…and {left:,} more: name a programme, or ask for a month (`{words} 2015-06`)."
        )
    milestones = _built(items, shown)
    short, details = cite(m.source for m in milestones)
    return Answer(
        title=title,
        lines=tuple(milestone_line(m, call, several) for m in milestones),
        more=tuple(more),
        sources=short,
        details=details,
        suggestions=suggestions,
        data={"milestones": [m.id for m in milestones]},
    )


def _built(items: Timeline, indexes: list[int]) -> list[Milestone]:
    return [items[i] for i in indexes]


def _where(call: Call) -> str:
    ids = call.scope.programme_ids
    if len(ids) > MANY:
        return f"any of {len(ids):,} programmes"
    return ", ".join(ids)


def _in_span(call: Call, items: Timeline, noun: str, span: str) -> Answer:
    """The milestones in the months asked for, the first few on screen and the rest behind
    ``more``, each with how far off it is from the as-of date."""
    several = len({k.programme_id for k in items.keys}) > 1
    shown = items[:LISTED]
    plural = f"{noun}{'s' if len(items) != 1 else ''}"
    title = f"{len(items)} {plural} in {span}"
    if len(shown) < len(items):
        title = f"First {len(shown)} of {len(items)} {plural} in {span}"
    more = [milestone_line(m, call, several) for m in items[LISTED : LISTED + MORE]]
    if len(items) > LISTED + MORE:
        more.append(f"…and {len(items) - LISTED - MORE:,} more: name a programme.")
    short, details = cite(m.source for m in shown)
    return Answer(
        title=title,
        lines=tuple(milestone_line(m, call, several) for m in shown),
        more=tuple(more),
        sources=short,
        details=details,
        data={"milestones": [m.id for m in shown]},
    )


def all_milestones(call: Call) -> Answer:
    """``milestones``: every milestone of any kind; nothing else may follow the word."""
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "milestones".', ("milestones",))
    return list_milestones(call, (), "milestone", "milestones")
