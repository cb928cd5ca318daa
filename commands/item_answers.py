"""The answer for one item (a proposal, a phase, a milestone, a figure or a table row),
shared by every command that lands on one: ``savings 1.6``, ``phase 3`` and a free question
that finds the same item all answer the same way, and no handler needs another for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from commands.answer import Answer
from commands.call import Call
from commands.delivery import current_rag, delivery_lines
from commands.formatting import (
    amount,
    budget_text,
    days_to_go,
    money,
    title_case_rag,
    when,
    years_line,
)
from knowledge.audit import audit_knowledge_base
from knowledge.model import Milestone, Phase, Proposal
from knowledge.queries import KnowledgeBase


def proposal_answer(call: Call, proposal: Proposal) -> Answer:
    paper = _from_the_papers(call.kb, proposal)
    title = f"{proposal.label} ({proposal.programme_id})"
    rag, rag_from = current_rag(call, proposal)
    if rag:
        title += f" - delivery risk: {title_case_rag(rag)}"
        if rag_from != "paper":
            title += f" ({rag_from}; paper: {title_case_rag(proposal.rag)})"
    lines = list(paper.lines)
    tracked, gaps, brag = delivery_lines(call, proposal, reported_only=True)
    if gaps:
        lines.extend(
            line for line in tracked if "delivered: not recorded" not in line or "forecast" in line
        )
        lines.append(f"Delivery status: {brag}")
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=paper.notes,
        sources=paper.sources,
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

    lines: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    by_year: tuple[tuple[str, str], ...]
    total: str


def _from_the_papers(kb: KnowledgeBase, proposal: Proposal) -> _FromThePapers:
    key = ("savings answer", proposal.programme_id, proposal.id)
    return cast(_FromThePapers, kb.memo(key, lambda: _read_the_papers(kb, proposal)))


def _read_the_papers(kb: KnowledgeBase, proposal: Proposal) -> _FromThePapers:
    figures = kb.proposal_savings(proposal.programme_id, proposal.id)
    lines: list[str] = []
    notes: list[str] = []
    sources = [proposal.source.cite()]
    if figures:
        budget = f"   (current budget {budget_text(proposal)})" if proposal.current_budget else ""
        lines.append(years_line(figures) + budget)
        if figures.stated_total is not None and figures.stated_total != figures.computed_total:
            notes.append(
                f"The paper prints a total of {money(figures.stated_total, figures.unit)} but its "
                f"years add up to {money(figures.computed_total, figures.unit)}."
            )
        sources.extend(s.cite() for s in figures.sources if not proposal.source.covers(s))
    if proposal.breakdown:
        parts = ", ".join(
            f"{b.name} {money(b.amount.value, b.amount.unit)}" for b in proposal.breakdown
        )
        lines.append(f"Made up of: {parts}")
    staff = []
    if proposal.staff:
        staff.append(f"current staff {proposal.staff}")
    if proposal.staff_change:
        change = ", ".join(f"{year} {value:+}" for year, value in proposal.staff_change)
        staff.append(f"change in employees {change}")
    if staff:
        lines.append("Staff: " + "; ".join(staff))
    if proposal.officer:
        lines.append(f"Owner: {proposal.officer}")
    kind = "; ".join(
        filter(None, [proposal.saving_type, proposal.payback and f"payback: {proposal.payback}"])
    )
    if kind:
        lines.append(f"Type: {kind}")
    for finding in audit_knowledge_base(kb, proposal.programme_id):
        if finding.subject == proposal.id:
            notes.append(f"Audit: {finding.what}.")
    total = ""
    if figures:
        total = str(
            figures.stated_total if figures.stated_total is not None else figures.computed_total
        )
    return _FromThePapers(
        lines=tuple(lines),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(sources)),
        by_year=tuple((y, str(v)) for y, v in figures.by_year) if figures else (),
        total=total,
    )


def phase_dates(phase: Phase) -> str:
    start = when(phase.start) if phase.start else "start not given"
    end = when(phase.end) if phase.end else "end not given"
    return f"{start} to {end}"


def phase_answer(call: Call, phase: Phase, heading: str = "") -> Answer:
    lines = [f"{phase_dates(phase)}"]
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


def search_hit_answer(call: Call, hit: dict[str, object]) -> Answer:
    """The answer for one search hit: the item it names, else its programme's description."""
    pid, key, kind = str(hit["programme_id"]), str(hit["key"]), str(hit["kind"])
    if kind == "proposal":
        proposal = call.kb.proposal(pid, key)
        if proposal:
            return proposal_answer(call, proposal)
    if kind == "phase":
        phase = next((p for p in call.kb.phases(pid) if p.id == key), None)
        if phase:
            return phase_answer(call, phase)
    if kind == "milestone":
        milestone = next((m for m in call.kb.milestones(pid) if m.id == key), None)
        if milestone:
            return milestone_answer(call, milestone, milestone.kind.capitalize())
    if kind == "figure":
        figure = call.kb.figure(pid, key)
        if figure:
            what = " - ".join(
                filter(
                    None,
                    [figure.measure.capitalize(), figure.subject, figure.scenario, figure.period],
                )
            )
            lines = [f"{what}: {amount(figure.amount)}"]
            if figure.description:
                lines.append(figure.description)
            notes = (f"Reading of the paper: {figure.source.note}",) if figure.source.note else ()
            return Answer(
                title=f"{what} ({pid})",
                lines=tuple(lines),
                notes=notes,
                sources=(figure.source.cite(),),
            )
    if kind == "row":
        table_id, _, label = key.partition(":")
        cells = [f for f in call.kb.figures(pid) if f.table_id == table_id and f.subject == label]
        table = call.kb.table(pid, table_id)
        if cells and table:
            what = f"{cells[0].measure.capitalize()} - {label}"
            values = " | ".join(f"{f.period} {amount(f.amount)}" for f in cells)
            return Answer(
                title=f"{what} ({pid})",
                lines=(values,),
                sources=(f'{table.source.cite()}, row "{label}"',),
            )
    programme = call.kb.programme(pid)
    title = programme.title if programme else pid
    return Answer(
        title=f"{title} ({pid})",
        lines=(programme.summary if programme else "",),
        sources=(programme.source.cite(),) if programme else (),
    )
