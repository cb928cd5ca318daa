"""The Reading of a question the engine answered: the command, the programmes it named, what
it was about (the proposal, phase or item the answer found, in canonical form), and the
periods, direction and filter it asked for."""

from __future__ import annotations

from commands.answer import Answer
from commands.call import Call
from commands.reading import Reading

DIRECTIONS = frozenset({"next", "last", "list"})
RAGS = frozenset({"red", "amber", "green", "blue"})


def _subject(call: Call, command: str, answer: Answer) -> str | None:
    data = answer.data
    if command in {"savings", "gap", "roi", "history", "actual", "forecast", "rag"} and data.get(
        "proposal"
    ):
        proposal = call.kb.proposal(str(data.get("programme", "")), str(data["proposal"]))
        return (proposal.ref or proposal.id) if proposal else str(data["proposal"])
    if command == "phase" and data.get("phase"):
        phase = next(
            (p for p in call.kb.phases(str(data.get("programme", ""))) if p.id == data["phase"]),
            None,
        )
        return str(phase.number) if phase and phase.number else str(data["phase"])
    if command == "ask" and data.get("item"):
        return str(data["item"])
    if command == "use":
        return str(data["programme"]) if data.get("programme") else "none"
    if command == "help":
        return call.args[0].lower() if call.args else None
    return None


def reading_of(call: Call, command: str, answer: Answer) -> Reading:
    """How the engine read the question ``call`` carries, given what it answered."""
    request = call.request
    first = call.args[0].lower() if call.args else ""
    direction = None
    if command in {"gateway", "checkpoint"}:
        direction = first if first in DIRECTIONS else "next"
    elif command == "next":
        direction = "next"
    named = call.scope.programme_ids if call.scope.how in {"text", "option"} else ()
    if command == "compare":
        named = ()
    return Reading(
        command=command,
        programmes=named,
        subject=_subject(call, command, answer),
        years=request.years,
        months=request.months,
        as_of=request.as_of.isoformat() if request.as_of else None,
        direction=direction,
        rag=first if command == "proposals" and first in RAGS else None,
        over_years=request.over_years,
        compare=tuple(answer.data.get("compare", ())),
        measure=answer.data.get("measure"),
    )


def merged(understood: Reading, answered: Reading | None) -> Reading:
    """The understander's Reading, with what the answer pinned down: the canonical subject
    (the proposal ``adoption`` named is ``1.6``), or the item a free question found."""
    if answered is None:
        return understood
    subject = answered.subject or understood.subject
    if understood.command == "use":
        subject = understood.subject or answered.subject
    return understood.with_(command=answered.command, subject=subject)
