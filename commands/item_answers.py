"""The answer for one item (a proposal, a phase or a milestone), shared by every command that
lands on one: ``savings 1.6``, ``phase 3`` and a free question that finds the same item all
answer the same way, and no handler needs another for it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from commands.answer import Answer, Cell
from commands.call import Call
from commands.citing import cite
from commands.delivery import current_rag, delivery_lines
from commands.figure_lines import phase_figure_lines
from commands.flags import audit_warning, flag_for
from commands.formatting import (
    budget_text,
    date_phrase,
    day_text,
    flagged,
    how_far,
    money,
    relative_days,
    when,
)
from commands.savings_text import cells_text, savings_cells, savings_lead, year_lead
from knowledge.dates import last_day
from knowledge.model import Milestone, Phase, Proposal, Source
from knowledge.queries import KnowledgeBase

NOT_APPLICABLE = {"", "n/a", "not applicable", "none"}


def proposal_answer(call: Call, proposal: Proposal) -> Answer:
    """Its saving a year once in place, each year's part, what it is made of, who owns it."""
    paper = _from_the_papers(call.kb, proposal)
    rag, rag_from = current_rag(call, proposal)
    notes = []
    if rag_from != "paper":
        paper_rag = (proposal.rag or "none").capitalize()
        notes.append(f"RAG {(rag or 'none').capitalize()} {rag_from}; the paper's is {paper_rag}.")
    lines = list(paper.lines)
    tracked, gaps, brag = delivery_lines(call, proposal, reported_only=True)
    if gaps:
        lines.extend(
            line for line in tracked if "delivered: not recorded" not in line or "forecast" in line
        )
        lines.append(f"Delivery status: {brag}")
    lead, cells, more = paper.lead, paper.cells, paper.more
    if call.request.years:  # the years asked for, out of the whole; the rest behind ``more``
        lead = _years_lead(paper, call.request.years)
        more = (paper.lead, cells_text(cells), *lines, *more)
        cells, lines = (), []
    return Answer(
        title=f"{proposal.label} ({proposal.programme_id})",
        rag=rag,
        lead=lead,
        cells=cells,
        lines=tuple(lines),
        warnings=paper.warnings,
        notes=tuple(notes),
        more=tuple(m for m in more if m),
        sources=paper.sources,
        details=paper.details,
        data={
            "programme": proposal.programme_id,
            "proposal": proposal.id,
            "by_year": dict(paper.by_year),
            "total": paper.total,
        },
    )


@dataclass(frozen=True)
class _FromThePapers:
    """What a proposal's answer says from the papers alone: the same until the knowledge base
    is rebuilt, so it is worked out once per build (the board's own RAG and delivery are not)."""

    lead: str
    cells: tuple[Cell, ...]
    lines: tuple[str, ...]
    more: tuple[str, ...]
    warnings: tuple[str, ...]
    sources: tuple[str, ...]
    details: tuple[str, ...]
    by_year: tuple[tuple[str, str], ...]
    total: str
    unit: str = ""
    flags: tuple[tuple[str, str], ...] = ()  # the audit's flag by year (and "total")


def _years_lead(paper: _FromThePapers, years: tuple[str, ...]) -> str:
    if not paper.by_year:
        return paper.lead
    flags = dict(paper.flags)
    by_year = [(year, Decimal(value)) for year, value in paper.by_year]
    total = Decimal(paper.total) if paper.total else None
    return year_lead(by_year, years, paper.unit, total, lambda period: flags.get(period, ""))


def _from_the_papers(kb: KnowledgeBase, proposal: Proposal) -> _FromThePapers:
    key = ("savings answer", proposal.programme_id, proposal.id)
    return cast(_FromThePapers, kb.memo(key, lambda: _read_the_papers(kb, proposal)))


def _read_the_papers(kb: KnowledgeBase, proposal: Proposal) -> _FromThePapers:
    pid = proposal.programme_id
    figures = kb.proposal_savings(pid, proposal.id)
    sources: list[Source] = [proposal.source]
    behind: list[Source] = []
    lead, total = "No savings by year are printed for it.", ""
    cells: tuple[Cell, ...] = ()
    flags: list[str] = []
    if figures:
        ids = dict(figures.cells)

        def flag(period: str) -> str:
            found = flag_for(kb, pid, ids.get(period, ""))
            if found:
                flags.append(found)
            return found

        lead = savings_lead(figures.by_year, figures.yearly, figures.unit, figures.stated_total)
        lead = flagged(lead, flag("total"))
        cells = savings_cells(figures.by_year, figures.yearly, figures.unit, flag)
        for source in figures.sources:  # in details only where the proposal names the table
            table_place = source.location.split(", row")[0]
            named = any(p.startswith(table_place) for p in proposal.source.location.split("; "))
            (behind if named else sources).append(source)
        stated = figures.stated_total
        total = str(stated if stated is not None else figures.computed_total)
    lines = []
    if proposal.breakdown:
        parts = ", ".join(
            f"{b.name} {money(b.amount.value, b.amount.unit)}" for b in proposal.breakdown
        )
        lines.append(f"Made up of: {parts}")
    lines.extend(_about(proposal))
    more = (proposal.description,) if proposal.description else ()
    short, details = cite(sources, behind)
    return _FromThePapers(
        lead=lead,
        cells=cells,
        lines=tuple(lines),
        more=more,
        warnings=(audit_warning([pid]),) if flags else (),
        sources=short,
        details=details,
        by_year=tuple((y, str(v)) for y, v in figures.by_year) if figures else (),
        total=total,
        unit=figures.unit if figures else "",
        flags=tuple((period, flag_for(kb, pid, cell)) for period, cell in figures.cells)
        if figures
        else (),
    )


def _about(proposal: Proposal) -> list[str]:
    """Budget and staff, owner, and the kind of saving, as a person would say them."""
    lines = []
    people = []
    if proposal.current_budget:
        shown = budget_text(proposal)
        budget = f"Budget {shown}" if shown.startswith("£") else f"Budget: {shown}"
        people.append(budget)
    staff = proposal.staff.strip()
    if staff and staff.lower() not in NOT_APPLICABLE:
        people.append(f"{staff} staff" if staff.replace(",", "").isdigit() else f"staff: {staff}")
    change = sum((n for _, n in proposal.staff_change), Decimal(0))
    if change:
        years = ", ".join(f"{abs(n)} in {year}" for year, n in proposal.staff_change if n)
        direction = "fewer" if change < 0 else "more"
        people.append(f"{abs(change)} {direction} planned ({years})")
    if people:
        lines.append("; ".join(people))
    if proposal.officer:
        lines.append(f"Owner: {proposal.officer}")
    kind = [f"Type of saving: {proposal.saving_type}"] if proposal.saving_type else []
    payback = proposal.payback.strip()
    if payback.lower() not in NOT_APPLICABLE:
        kind.append(f"payback within {payback}" if payback[:1].isdigit() else f"payback: {payback}")
    if kind:
        lines.append("; ".join(kind))
    return lines


def phase_title(phase: Phase) -> str:
    """ "Phase 3: Transformation through commissioning", or the name where it says the number."""
    if phase.number is None or f"phase {phase.number}" in phase.name.lower():
        return phase.name
    return f"Phase {phase.number}: {phase.name}"


def phase_dates(phase: Phase) -> str:
    if phase.start and phase.end:
        return f"{when(phase.start)} to {when(phase.end)}"
    if phase.start:
        return f"from {when(phase.start)}"
    if phase.end:
        return f"until {when(phase.end)}"
    return "dates not given"


def phase_status(call: Call, phase: Phase) -> str:
    """Where the as-of date falls: running, to start, or ended, in words."""
    today = call.today
    if phase in call.kb.phases_on(phase.programme_id, today):
        return "running"
    if phase.start and phase.start.first_day() > today:
        return f"starts {relative_days((phase.start.first_day() - today).days)}"
    if phase.end and last_day(phase.end) < today:
        return f"ended {relative_days((last_day(phase.end) - today).days)}"
    return ""


def phase_answer(call: Call, phase: Phase) -> Answer:
    """Its dates and where today falls, then its cost and the other figures tied to it."""
    status = phase_status(call, phase)
    lead = phase_dates(phase) + (f", {status} (as of {day_text(call.today)})" if status else "")
    figures = phase_figure_lines(call.kb, phase)
    sources = [phase.source, *figures.sources]
    short, details = cite(sources)
    more = [*figures.more]
    if phase.purpose:
        more.insert(0, f"Purpose: {phase.purpose}")
    return Answer(
        title=f"{phase_title(phase)} ({phase.programme_id})",
        lead=lead,
        lines=figures.lines,
        warnings=(audit_warning([phase.programme_id]),) if figures.flagged else (),
        more=tuple(more),
        sources=short,
        details=details,
        data={"programme": phase.programme_id, "phase": phase.id, "number": phase.number},
    )


def milestone_line(milestone: Milestone, call: Call, with_programme: bool = True) -> str:
    """One milestone in a list: when, what, how far off."""
    plain = milestone.kind == "milestone" or milestone.kind.lower() in milestone.title.lower()
    kind = "" if plain else f" ({milestone.kind})"
    where = f" [{milestone.programme_id}]" if with_programme else ""
    return f"{when(milestone.date)} · {milestone.title}{kind} · {how_far(milestone.date, call.today)}{where}"


def milestone_answer(call: Call, milestone: Milestone, heading: str) -> Answer:
    """The milestone once, its date once (said humanly), and what it decides."""
    lines = [f"Decides: {milestone.decides}"] if milestone.decides else []
    short, details = cite([milestone.source])
    return Answer(
        title=f"{heading}: {milestone.title} ({milestone.programme_id})",
        lead=date_phrase(milestone.date, call.today),
        lines=tuple(lines),
        sources=short,
        details=details,
        data={
            "programme": milestone.programme_id,
            "milestone": milestone.id,
            "date": milestone.date.iso,
            "days": (milestone.date.first_day() - call.today).days,
        },
    )
