"""Phases, checkpoints, gateways and other milestones, with days to go from the as-of date."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput, PhaseNotFound
from commands.formatting import amount, days_to_go, when
from commands.registry import command
from knowledge.matching import rank_phases
from knowledge.model import Milestone, Phase
from knowledge.queries import last_day

PHASE_CUTOFF = 75


def _phase_dates(phase: Phase) -> str:
    start = when(phase.start) if phase.start else "start not given"
    end = when(phase.end) if phase.end else "end not given"
    return f"{start} to {end}"


def phase_answer(call: Call, phase: Phase, heading: str = "") -> Answer:
    lines = [f"{_phase_dates(phase)}"]
    if phase.purpose:
        lines.append(phase.purpose)
    sources = [phase.source.cite()]
    for figure in call.kb.figures(phase.programme_id):
        if figure.phase_id != phase.id:
            continue
        period = f" in {figure.period}" if figure.period and figure.period != "total" else ""
        lines.append(f"{figure.measure.capitalize()}{period}: {amount(figure.amount)}")
        sources.append(figure.source.cite())
    notes = (f"Reading of the paper: {phase.source.note}",) if phase.source.note else ()
    title = f"{heading}{phase.name} ({phase.programme_id})"
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=notes,
        sources=tuple(dict.fromkeys(sources)),
        data={"programme": phase.programme_id, "phase": phase.id},
    )


@command(
    "phase",
    summary="The phase running on the as-of date, or the phase you name, with dates, purpose and cost.",
    usage="phase [number or name] [programme] [as of YYYY-MM-DD]",
    examples=(
        "phase",
        "phase 3 haringey-54000",
        "phase service design kent",
        "phase as of 2014-10-01",
    ),
)
def phase(call: Call) -> Answer:
    if call.args:
        phases = [p for pid in call.scope.programme_ids for p in call.kb.phases(pid)]
        ranked = [r for r in rank_phases(call.rest, phases) if r.score >= PHASE_CUTOFF]
        if not ranked and len(call.args) > 1:
            from commands.handlers.ask import ask

            return ask(replace(call, args=("phase", *call.args)))
        if not ranked:
            raise PhaseNotFound(
                f'No phase "{call.rest}" in {call.scope.single or "any programme"}.',
                ("phases",),
            )
        best = [r for r in ranked if r.score == ranked[0].score]
        chosen = [next(p for p in phases if p.id == r.key) for r in best]
        if len(chosen) > 1 and len({p.programme_id for p in chosen}) > 1:
            raise PhaseNotFound(
                f'"{call.rest}" names a phase in several programmes; add the programme.',
                tuple(f"phase {call.rest} {p.programme_id}" for p in chosen),
            )
        return phase_answer(call, chosen[0])
    running = [p for pid in call.scope.programme_ids for p in call.kb.phases_on(pid, call.today)]
    if len(running) == 1:
        return phase_answer(call, running[0], heading=f"Running on {call.today.isoformat()}: ")
    if running:
        lines = [f"{p.name} ({p.programme_id}): {_phase_dates(p)}" for p in running]
        return Answer(
            title=f"{len(running)} phases running on {call.today.isoformat()}",
            lines=tuple(lines),
            sources=tuple(dict.fromkeys(p.source.cite() for p in running)),
            suggestions=tuple(f"phase {p.id} {p.programme_id}" for p in running[:3]),
        )
    return _no_phase_running(call)


def _no_phase_running(call: Call) -> Answer:
    lines = []
    for pid in call.scope.programme_ids:
        phases = [p for p in call.kb.phases(pid) if p.start]
        if not phases:
            continue
        upcoming = [p for p in phases if p.start and p.start.first_day() > call.today]
        past = [p for p in phases if p.end and last_day(p.end) < call.today]
        if upcoming:
            nxt = upcoming[0]
            lines.append(f"{pid}: next is {nxt.name}, from {when(nxt.start)}" if nxt.start else pid)
        elif past:
            last = past[-1]
            lines.append(
                f"{pid}: the last was {last.name}, ended {when(last.end)}" if last.end else pid
            )
    return Answer(
        title=f"No phase is running on {call.today.isoformat()}.",
        lines=tuple(lines),
        suggestions=("phases", "phase as of 2014-10-01"),
    )


@command(
    "phases",
    summary="Every phase of the programme with its dates.",
    usage="phases [programme]",
    examples=("phases", "phases kent"),
)
def phases(call: Call) -> Answer:
    lines = []
    sources = []
    for pid in call.scope.programme_ids:
        for item in call.kb.phases(pid):
            running = " (running)" if item in call.kb.phases_on(pid, call.today) else ""
            lines.append(f"{item.name} ({pid}): {_phase_dates(item)}{running}")
            sources.append(item.source.cite())
    if not lines:
        return Answer(title="No phases recorded for " + ", ".join(call.scope.programme_ids) + ".")
    return Answer(
        title=f"{len(lines)} phases", lines=tuple(lines), sources=tuple(dict.fromkeys(sources))
    )


def milestone_line(milestone: Milestone, call: Call) -> str:
    return (
        f"{when(milestone.date)} ({days_to_go(milestone.date, call.today)}) - {milestone.kind} - "
        f"{milestone.title} [{milestone.programme_id}]"
    )


def milestone_answer(call: Call, milestone: Milestone, heading: str) -> Answer:
    lines = [milestone_line(milestone, call)]
    if milestone.decides:
        lines.append(f"Decides or delivers: {milestone.decides}")
    notes = []
    if not milestone.date.exact_day:
        notes.append("The paper gives no day for this date; days to go count from the first day.")
    if milestone.source.note:
        notes.append(f"Reading of the paper: {milestone.source.note}")
    return Answer(
        title=f"{heading}: {milestone.title} ({milestone.programme_id})",
        lines=tuple(lines),
        notes=tuple(notes),
        sources=(milestone.source.cite(),),
        data={
            "programme": milestone.programme_id,
            "milestone": milestone.id,
            "date": milestone.date.iso,
            "days": (milestone.date.first_day() - call.today).days,
        },
    )


def _milestones(call: Call, kinds: tuple[str, ...]) -> list[Milestone]:
    if len(call.scope.programme_ids) == 1:
        return call.kb.milestones(call.scope.programme_ids[0], kinds)
    if call.scope.how == "all":
        return call.kb.milestones(None, kinds)
    wanted = set(call.scope.programme_ids)
    return [m for m in call.kb.milestones(None, kinds) if m.programme_id in wanted]


def _next_or_last(call: Call, kinds: tuple[str, ...], noun: str, direction: str) -> Answer:
    items = _milestones(call, kinds)  # the knowledge base keeps them in date order
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


def _list(call: Call, kinds: tuple[str, ...], noun: str) -> Answer:
    items = _milestones(call, kinds)  # the knowledge base keeps them in date order
    if not items:
        return Answer(title=f"No {noun}s recorded for {', '.join(call.scope.programme_ids)}.")
    return Answer(
        title=f"{len(items)} {noun}{'s' if len(items) != 1 else ''} (as of {call.today.isoformat()})",
        lines=tuple(milestone_line(m, call) for m in items),
        sources=tuple(dict.fromkeys(m.source.cite() for m in items)),
    )


def _kind_command(call: Call, kinds: tuple[str, ...], noun: str) -> Answer:
    word = call.args[0].lower() if call.args else "next"
    if word not in {"next", "last", "list"} or len(call.args) > 1:
        raise BadInput(
            f'Use "{noun} next", "{noun} last" or "{noun} list".',
            (f"{noun} next", f"{noun} list"),
        )
    if word == "list":
        return _list(call, kinds, noun)
    return _next_or_last(call, kinds, noun, word)


@command(
    "gateway",
    summary="The next or last gateway (or all of them), with days to go and what it decides.",
    usage="gateway next|last|list [programme] [as of YYYY-MM-DD]",
    examples=("gateway next", "gateway list haringey-54000", "gateway next as of 2015-04-01"),
    aliases=("gateways",),
)
def gateway(call: Call) -> Answer:
    return _kind_command(call, ("gateway",), "gateway")


@command(
    "checkpoint",
    summary="The next or last checkpoint (or all of them), with days to go and what it decides.",
    usage="checkpoint next|last|list [programme] [as of YYYY-MM-DD]",
    examples=("checkpoint next", "checkpoint list", "checkpoint next as of 2014-06-01"),
    aliases=("checkpoints",),
)
def checkpoint(call: Call) -> Answer:
    return _kind_command(call, ("checkpoint",), "checkpoint")


@command(
    "next",
    summary="The next milestone of any kind: checkpoint, gateway, decision, go-live or delivery date.",
    usage="next [programme] [as of YYYY-MM-DD]",
    examples=("next", "next harrow as of 2011-09-01"),
)
def next_milestone(call: Call) -> Answer:
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "next".', ("next", "milestones"))
    return _next_or_last(call, (), "milestone", "next")


@command(
    "milestones",
    summary="Every milestone with its date and days to go.",
    usage="milestones [programme] [as of YYYY-MM-DD]",
    examples=("milestones kent", "milestones as of 2015-01-01"),
)
def milestones(call: Call) -> Answer:
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "milestones".', ("milestones",))
    return _list(call, (), "milestone")
