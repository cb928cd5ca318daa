"""``phase`` and ``phases``: which phase is running, or the one named, with dates and cost."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.citing import cite
from commands.errors import BadInput, PhaseNotFound
from commands.formatting import date_phrase, day_text, relative_days
from commands.item_answers import phase_answer, phase_dates, phase_status, phase_title
from commands.registry import command
from commands.vocabulary import PLAIN_WORDS
from knowledge.dates import last_day
from knowledge.model import Phase
from knowledge.phase_matching import phase_key, rank_phases

PHASE_CUTOFF = 75
SHOWN = 8  # phases on one screen; the rest behind ``more``


@command(
    "phase",
    summary="The phase running on the as-of date, or the one you name by number or name, with its dates, cost and figures.",
    usage="phase [number or name] [programme] [as of YYYY-MM-DD]",
    examples=(
        "phase",
        "phase 3 haringey-54000",
        "phase service design kent",
        "phase as of 2014-10-01",
    ),
    brief="phase [n]",
    listing=listings.PHASES,
    narrows="bare",
)
def phase(call: Call) -> Answer:
    if call.args:
        phases = [p for pid in call.scope.programme_ids for p in call.kb.phases(pid)]
        asked = " ".join(w for w in call.args if w.lower() not in PLAIN_WORDS) or call.rest
        ranked = [r for r in rank_phases(asked, phases) if r.score >= PHASE_CUTOFF]
        if not ranked and len(call.args) > 1:
            from commands.search import answer_question  # only for a phase not named

            return answer_question(call, f"phase {call.rest}")
        if not ranked:
            raise PhaseNotFound(
                f'No phase "{call.rest}" in {call.scope.single or "any programme"}.',
                ("phases",),
            )
        best = [r for r in ranked if r.score == ranked[0].score]
        chosen = [next(p for p in phases if phase_key(p) == r.key) for r in best]
        if len(chosen) > 1 and len({p.programme_id for p in chosen}) > 1:
            raise PhaseNotFound(
                f'"{call.rest}" names a phase in several programmes; add the programme.',
                tuple(f"phase {call.rest} {p.programme_id}" for p in chosen),
            )
        return phase_answer(call, chosen[0])
    running = [p for pid in call.scope.programme_ids for p in call.kb.phases_on(pid, call.today)]
    if len(running) == 1:
        return phase_answer(call, running[0])
    if running:
        several = len({p.programme_id for p in running}) > 1
        lines = [_phase_line(call, p, several) for p in running]
        short, details = cite(p.source for p in running)
        return Answer(
            title=f"{len(running)} phases running on {day_text(call.today)}",
            lines=tuple(lines),
            sources=short,
            details=details,
            suggestions=tuple(_phase_question(p) for p in running[:3]),
        )
    return _no_phase_running(call)


def _phase_question(phase: Phase) -> str:
    which = str(phase.number) if phase.number is not None else phase.name
    return f"phase {which} {phase.programme_id}"


def _no_phase_running(call: Call) -> Answer:
    """Between phases, before the first or after the last: which comes next or came last, and
    an as-of date at which one was running, since the papers' phases are all in the past."""
    lines = []
    running_at = []
    for pid in call.scope.programme_ids:
        dated = [p for p in call.kb.phases(pid) if p.start]
        if not dated:
            continue
        upcoming = [p for p in dated if p.start and p.start.first_day() > call.today]
        past = [p for p in dated if p.end and last_day(p.end) < call.today]
        if upcoming and upcoming[0].start:
            nxt = upcoming[0]
            when_text = date_phrase(nxt.start, call.today) if nxt.start else ""
            lines.append(f"{pid}: next is {phase_title(nxt)}, from {when_text}")
        elif past and past[-1].end:
            last = past[-1]
            ended = relative_days((last_day(last.end) - call.today).days) if last.end else ""
            lines.append(f"{pid}: the last was {phase_title(last)}, ended {ended}")
            if last.start:
                running_at.append(last.start.first_day())
    suggestions = ["phases"]
    if running_at:
        suggestions.insert(0, f"phase as of {max(running_at).isoformat()}")
    return Answer(
        title=f"No phase is running on {day_text(call.today)}.",
        lines=tuple(lines[:SHOWN]),
        more=tuple(lines[SHOWN:]),
        suggestions=tuple(suggestions),
    )


def in_order(phases: list[Phase]) -> list[Phase]:
    """Dated phases by start, and a phase the paper gives no dates placed by its number (before
    the phase numbered after it, else after the one numbered before it), or else where the
    paper lists it (before the phase it comes before), else last."""
    ordered = [p for p in phases if p.start]
    for index, phase in enumerate(phases):
        if phase.start:
            continue
        numbers = [q.number for q in ordered]
        following = next((q for q in phases[index + 1 :] if q in ordered), None)
        if phase.number is not None and phase.number + 1 in numbers:
            ordered.insert(numbers.index(phase.number + 1), phase)
        elif phase.number is not None and phase.number - 1 in numbers:
            ordered.insert(numbers.index(phase.number - 1) + 1, phase)
        elif phase.number is None and following is not None:
            ordered.insert(ordered.index(following), phase)
        else:
            ordered.append(phase)
    return ordered


def _phase_line(call: Call, phase: Phase, with_programme: bool) -> str:
    status = phase_status(call, phase)
    where = f" [{phase.programme_id}]" if with_programme else ""
    return (
        f"{phase_title(phase)} · {phase_dates(phase)}"
        + (f" · {status}" if status == "running" else "")
        + where
    )


@command(
    "phases",
    summary="Every phase of the programme with its dates.",
    usage="phases [programme]",
    examples=("phases", "phases kent"),
    brief="phases",
    listing=listings.PHASES,
    narrows="always",
)
def phases(call: Call) -> Answer:
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "phases".', ("phases",))
    several = len(call.scope.programme_ids) > 1
    items = [p for pid in call.scope.programme_ids for p in in_order(call.kb.phases(pid))]
    if not items:
        return Answer(title="No phases recorded for " + ", ".join(call.scope.programme_ids) + ".")
    lines = [_phase_line(call, p, several) for p in items]
    short, details = cite(p.source for p in items[:SHOWN])
    title = f"{len(lines)} phases" + ("" if several else f" - {call.scope.single}")
    return Answer(
        title=title,
        lines=tuple(lines[:SHOWN]),
        more=tuple(lines[SHOWN:]),
        sources=short,
        details=details,
    )
