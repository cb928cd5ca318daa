"""``savings`` and ``proposals``: what each proposal saves, by year, and the programme totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput
from commands.formatting import money
from commands.handlers.tracking import current_rag, delivery_lines
from commands.registry import command
from commands.views import budget_text, find_proposal, title_case_rag, years_line
from knowledge.audit import audit_knowledge_base
from knowledge.finance import totals_by_year
from knowledge.model import Proposal
from knowledge.queries import KnowledgeBase


@command(
    "savings",
    summary="A proposal's savings by year with its parts, owner and source; or a programme's totals.",
    usage="savings [ref or name] [programme]",
    examples=("savings 1.6", "savings adoption", "savings kent", "savings"),
    aliases=("saving",),
)
def savings(call: Call) -> Answer:
    if not call.args:
        return programme_savings(call)
    proposal = find_proposal(call, call.rest, "savings")
    return proposal_answer(call, proposal)


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


def programme_savings(call: Call) -> Answer:
    lines: list[str] = []
    notes: list[str] = []
    sources: list[str] = []
    data: dict[str, object] = {}
    for pid in call.scope.programme_ids:
        proposals = call.kb.proposals(pid)
        series = [s for p in proposals if (s := call.kb.proposal_savings(pid, p.id))]
        if series:
            unit = series[0].unit
            by_year = totals_by_year(dict(s.by_year) for s in series)
            total = sum(by_year.values(), Decimal(0))
            stated = _stated_total_row(call, pid)
            parts = []
            for year, value in by_year.items():
                text = f"{year} {money(value, unit)}"
                if stated and year in stated and stated[year] != value:
                    text += f" (paper's total row: {money(stated[year], unit)})"
                parts.append(text)
            total_text = f"total {money(total, unit)}"
            if stated and "total" in stated and stated["total"] != total:
                total_text += f" (paper's total row: {money(stated['total'], unit)})"
                notes.append(
                    f"{pid}: the paper's own total row does not equal the sum of its {len(series)} "
                    f"lines; both are shown. Type `check {pid}` for details."
                )
            lines.append(f"{pid} ({len(series)} lines): " + " | ".join([*parts, total_text]))
            table_cite = (
                series[0].sources[0].cite().split(', row "')[0] if series[0].sources else pid
            )
            sources.append(table_cite)
            data[pid] = {y: str(v) for y, v in by_year.items()} | {"total": str(total)}
            continue
        scenarios = [
            f for f in call.kb.figures(pid, measure="savings") if f.scenario and f.table_id
        ]
        if scenarios:
            for scenario in dict.fromkeys(f.scenario for f in scenarios):
                cells = [f for f in scenarios if f.scenario == scenario]
                parts = [f"{f.period} {money(f.amount.value, f.amount.unit)}" for f in cells]
                lines.append(f"{pid} {scenario}: " + " | ".join(parts))
            sources.append(scenarios[0].source.cite())
    if not lines:
        raise BadInput(
            "No savings lines are recorded for " + ", ".join(call.scope.programme_ids) + ".",
            ("programmes", "proposals"),
        )
    title = "Savings by year" + (
        f" - {call.scope.single}" if call.scope.single else " - all programmes"
    )
    return Answer(
        title=title, lines=tuple(lines), notes=tuple(notes), sources=tuple(sources), data=data
    )


def _stated_total_row(call: Call, programme_id: str) -> dict[str, Decimal]:
    """The paper's printed total row of the table that carries the savings lines, by period."""
    for table in call.kb.tables(programme_id):
        if not table.figures:
            continue
        for row in table.rows:
            if row.kind == "sum" and row.measure == "savings":
                result = {}
                for index, column in enumerate(table.columns):
                    value = row.number(index)
                    if value is None:
                        continue
                    key = "total" if column == table.total_column else column
                    result[key] = abs(value)
                return result
    return {}


@command(
    "proposals",
    summary="Every savings proposal with its ref, total and delivery risk; filter by RAG.",
    usage="proposals [red|amber|green] [programme]",
    examples=("proposals", "proposals amber", "proposals harrow"),
)
def proposals(call: Call) -> Answer:
    rag = None
    args = list(call.args)
    if args and args[0].lower() in {"red", "amber", "green", "blue"}:
        rag = args.pop(0).lower()
    if args:
        raise BadInput(
            f'I did not understand "{" ".join(args)}": use red, amber or green, or a programme name.',
            ("proposals amber", "programmes"),
        )
    lines = []
    for pid in call.scope.programme_ids:
        for proposal in call.kb.proposals(pid):
            current, _ = current_rag(call, proposal)
            if rag and current != rag:
                continue
            figures = call.kb.proposal_savings(pid, proposal.id)
            total = ""
            if figures:
                value = (
                    figures.stated_total
                    if figures.stated_total is not None
                    else figures.computed_total
                )
                total = money(value, figures.unit)
            risk = f" - {title_case_rag(current)}" if current else ""
            lines.append(f"{proposal.label} ({pid}) - {total or 'no figure'}{risk}")
    if not lines:
        which = f"{rag} " if rag else ""
        return Answer(
            title=f"No {which}proposals in {', '.join(call.scope.programme_ids)}.",
            suggestions=("proposals", "programmes"),
        )
    title = f"{len(lines)} {rag + ' ' if rag else ''}proposal{'s' if len(lines) != 1 else ''}"
    return Answer(title=title, lines=tuple(lines), sources=("summary tables of each paper",))
