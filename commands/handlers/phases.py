"""``phase`` and ``phases``: which phase is running, or the one named, with dates and cost."""

from __future__ import annotations

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput, PhaseNotFound
from commands.formatting import when
from commands.item_answers import phase_answer, phase_dates
from commands.registry import command
from commands.search import answer_question
from commands.vocabulary import PLAIN_WORDS
from knowledge.dates import last_day
from knowledge.matching import rank_phases

PHASE_CUTOFF = 75


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
        asked = " ".join(w for w in call.args if w.lower() not in PLAIN_WORDS) or call.rest
        ranked = [r for r in rank_phases(asked, phases) if r.score >= PHASE_CUTOFF]
        if not ranked and len(call.args) > 1:
            return answer_question(call, f"phase {call.rest}")
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
        lines = [f"{p.name} ({p.programme_id}): {phase_dates(p)}" for p in running]
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
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "phases".', ("phases",))
    lines = []
    sources = []
    for pid in call.scope.programme_ids:
        for item in call.kb.phases(pid):
            running = " (running)" if item in call.kb.phases_on(pid, call.today) else ""
            lines.append(f"{item.name} ({pid}): {phase_dates(item)}{running}")
            sources.append(item.source.cite())
    if not lines:
        return Answer(title="No phases recorded for " + ", ".join(call.scope.programme_ids) + ".")
    return Answer(
        title=f"{len(lines)} phases", lines=tuple(lines), sources=tuple(dict.fromkeys(sources))
    )
