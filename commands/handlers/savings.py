"""``savings`` and ``proposals``: what each proposal saves, by year, and the programme totals."""

from __future__ import annotations

from decimal import Decimal

from commands.answer import Answer
from commands.call import Call
from commands.delivery import current_rag
from commands.errors import BadInput
from commands.formatting import money, title_case_rag
from commands.item_answers import proposal_answer
from commands.lookup import find_proposal
from commands.registry import command
from knowledge.finance import totals_by_year


@command(
    "savings",
    summary="A proposal's savings by year with its parts, owner and source; or a programme's totals.",
    usage="savings [ref or name] [programme] [year]",
    examples=("savings 1.6", "savings adoption", "savings kent", "savings 1.6 2019-20", "savings"),
    aliases=("saving",),
    periods=True,
)
def savings(call: Call) -> Answer:
    if not call.args:
        return programme_savings(call)
    proposal = find_proposal(call, call.rest, "savings")
    return proposal_answer(call, proposal)


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
