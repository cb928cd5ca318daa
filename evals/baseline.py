"""Today's Reading, for an engine that has no understander yet (no ``Engine.read``).

The baseline is what the documented parser makes of a question, so ``make eval`` measures
today's bot before issue 12 changes it: the command word, the options and the programme
words come from ``parse_request`` and ``Engine.resolve_scope``; which proposal, phase or item
was answered, and for which programme, comes from the answer itself (its command, its data and
the label it prints). Nothing here understands more than the bot does: a field today's syntax
cannot express (a year outside ``gap``, months, a comparison) is left empty.
"""

from __future__ import annotations

from typing import Any

from commands.answer import Answer
from commands.call import Context, Scope
from commands.engine import Engine
from commands.errors import CypsError
from commands.parsing import parse_request
from evals.cases import DIRECTIONS, LIST_FIELDS, RAGS, READING_FIELDS
from knowledge.dates import BadFinancialYear, looks_like_financial_year, parse_financial_year

NAMED = {"text", "option"}  # Scope.how when the question itself named the programme


def empty_reading() -> dict[str, Any]:
    return {field: [] if field in LIST_FIELDS else None for field in READING_FIELDS}


def baseline_reading(engine: Engine, text: str, context: Context, answer: Answer) -> dict[str, Any]:
    """The Reading today's parser implies for ``text``, given the answer it produced."""
    reading = empty_reading()
    try:
        request = parse_request(text, engine.registry)
    except CypsError:
        reading["command"] = answer.command or None
        return reading
    scope: Scope | None
    try:
        scope, args = engine.resolve_scope(request, context)
    except CypsError:
        scope, args = None, request.args
    spec = engine.registry.get(request.command) if request.command else None
    command = answer.command or (spec.name if spec else ("ask" if args else "help"))
    words = [word.lower() for word in args]
    reading["command"] = command
    reading["programmes"] = list(scope.programme_ids) if scope and scope.how in NAMED else []
    reading["subject"] = _subject(engine, command, words, answer)
    reading["years"] = _years(words) if command == "gap" else []
    reading["as_of"] = request.as_of.isoformat() if request.as_of else None
    reading["direction"] = _direction(command, words)
    if command == "proposals":
        reading["rag"] = next((word for word in words if word in RAGS), None)
    reading["over_years"] = request.over_years
    return reading


def _direction(command: str, words: list[str]) -> str | None:
    if command in {"gateway", "checkpoint"}:
        word = words[0] if words else "next"  # the handler's default
        return word if word in DIRECTIONS else None
    return "next" if command == "next" else None


def _years(words: list[str]) -> list[str]:
    years = []
    for word in words:
        if looks_like_financial_year(word):
            try:
                years.append(parse_financial_year(word))
            except BadFinancialYear:
                continue
    return years


def _subject(engine: Engine, command: str, words: list[str], answer: Answer) -> str | None:
    if command in {"savings", "gap", "roi"}:
        found = _proposal_in(engine, answer)
        return found[1] if found else None
    if command == "phase":
        return _phase_subject(engine, answer)
    if command == "help":
        return words[0] if words else None
    if command == "use":
        return str(answer.data.get("programme") or " ".join(words) or "") or None
    if command == "ask":
        return _item_answered(engine, answer)
    return None


def _proposal_in(engine: Engine, answer: Answer) -> tuple[str, str] | None:
    """The (programme, proposal id) whose label the answer prints in its title or first line."""
    shown = answer.title + "\n" + (answer.lines[0] if answer.lines else "")
    named = [
        (len(p.label), p.programme_id, p.id)
        for p in engine.kb.proposals()
        if f"{p.label} ({p.programme_id})" in shown
    ]
    if not named:
        return None
    _, pid, proposal_id = max(named)
    return pid, proposal_id


def _phase_subject(engine: Engine, answer: Answer) -> str | None:
    pid, phase_id = answer.data.get("programme"), answer.data.get("phase")
    if not (pid and phase_id):
        return None
    phase = next((p for p in engine.kb.phases(str(pid)) if p.id == phase_id), None)
    if phase is None:
        return None
    return str(phase.number) if phase.number is not None else phase.id


def _item_answered(engine: Engine, answer: Answer) -> str | None:
    """``<kind>:<programme>:<key>`` for the one item a free question's answer is about."""
    data = answer.data
    pid = data.get("programme")
    for kind in ("milestone", "phase"):
        if pid and data.get(kind):
            return f"{kind}:{pid}:{data[kind]}"
    if pid and data.get("proposal"):
        return f"proposal:{pid}:{data['proposal']}"
    proposal = _proposal_in(engine, answer)
    if proposal:
        return f"proposal:{proposal[0]}:{proposal[1]}"
    for figure in engine.kb.figures():
        parts = [figure.measure.capitalize(), figure.subject, figure.scenario, figure.period]
        what = " - ".join(part for part in parts if part)
        if answer.title == f"{what} ({figure.programme_id})":
            return f"figure:{figure.programme_id}:{figure.id}"
    return None
