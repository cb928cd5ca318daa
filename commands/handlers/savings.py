"""``savings`` and ``proposals``: what each proposal saves, by year, and the programme totals."""

from __future__ import annotations

from decimal import Decimal

from commands import listings
from commands.answer import Answer, Cell
from commands.call import Call
from commands.citing import cite, table_source
from commands.delivery import current_rag
from commands.errors import BadInput
from commands.flags import audit_warning, findings_by_cell, flag_for
from commands.formatting import flagged, money
from commands.item_answers import proposal_answer
from commands.lookup import find_proposal
from commands.registry import command
from commands.savings_text import savings_cells, savings_lead, year_lead
from knowledge.finance import totals_by_year
from knowledge.gaps import savings_target
from knowledge.model import Source, Table

SHOWN = 8  # proposals on one screen; the rest behind ``more``
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "blue": 3}


@command(
    "savings",
    summary="A proposal's savings by year with its parts, owner and source; or a programme's totals.",
    usage="savings [ref or name] [programme] [year]",
    examples=("savings 1.6", "savings adoption", "savings kent", "savings 1.6 2019-20", "savings"),
    aliases=("saving",),
    periods=True,
    brief="savings [ref]",
    listing=listings.SAVINGS,
    narrows="bare",
)
def savings(call: Call) -> Answer:
    if not call.args:
        return programme_savings(call)
    proposal = find_proposal(call, call.rest, "savings")
    return proposal_answer(call, proposal)


class _Programme:
    """One programme's part of ``savings``: a line (or a lead and year cells when it is the
    only programme), its sources, and whether a figure in it is flagged."""

    def __init__(self) -> None:
        self.lead = ""
        self.cells: tuple[Cell, ...] = ()
        self.lines: list[str] = []
        self.sources: list[Source] = []
        self.flagged = False
        self.count = ""  # "7 proposals", for the title
        self.in_years = True  # whether it prints a figure for a year asked for (if any was)


def programme_savings(call: Call) -> Answer:
    parts = {pid: _programme_part(call, pid) for pid in call.scope.programme_ids}
    parts = {pid: part for pid, part in parts.items() if part.lead or part.lines}
    if len(parts) > 1 and call.request.years:  # only the programmes saving in those years
        parts = {pid: part for pid, part in parts.items() if part.in_years}
        if not parts:
            raise BadInput(
                f"No programme prints a saving for {' or '.join(call.request.years)}.",
                ("savings",),
            )
    if not parts:
        raise BadInput(
            "No savings are recorded for " + ", ".join(call.scope.programme_ids) + ".",
            ("programmes", "proposals"),
        )
    flagged_in = [pid for pid, part in parts.items() if part.flagged]
    sources = [s for part in parts.values() for s in part.sources]
    short, details = cite(sources)
    warnings = (audit_warning(flagged_in),) if flagged_in else ()
    if len(parts) == 1:
        ((pid, part),) = parts.items()
        return Answer(
            title=f"Savings - {pid}" + (f" ({part.count})" if part.count else ""),
            lead=part.lead,
            cells=part.cells,
            lines=tuple(part.lines),
            warnings=warnings,
            sources=short,
            details=details,
            data={"programme": pid},
        )
    lines = []
    for pid, part in parts.items():
        if part.lead:
            lines.append(f"{pid}: {part.lead}")
        else:
            lines.extend(f"{pid}: {line}" for line in part.lines)
    return Answer(
        title="Savings - all programmes",
        lines=tuple(lines),
        warnings=warnings,
        sources=short,
        details=details,
    )


def _programme_part(call: Call, pid: str) -> _Programme:
    """The proposals added up by year, set against the paper's own total row; or, where the
    paper itemises no proposals, its savings scenarios or its savings target."""
    part = _Programme()
    proposals = call.kb.proposals(pid)
    series = [s for p in proposals if (s := call.kb.proposal_savings(pid, p.id))]
    if series:
        _from_proposals(call, pid, series, part)
    else:
        _from_scenarios(call, pid, part)
    if not part.lead and not part.lines:
        target = savings_target(call.kb, pid)
        if target is not None:
            amount = money(target.amount.value, target.amount.unit)
            period = f" in {target.period}" if target.period else ""
            part.lead = f"Savings target {amount}{period}; the paper itemises no proposals"
            part.sources.append(target.source)
            part.in_years = not call.request.years or target.period in call.request.years
    return part


def _from_proposals(call: Call, pid: str, series: list, part: _Programme) -> None:
    unit, yearly = series[0].unit, series[0].yearly
    by_year = totals_by_year(dict(s.by_year) for s in series)
    years = list(by_year.items())
    total = sum(by_year.values(), Decimal(0))
    table, row_label = _sum_row(call, pid, series)
    findings = findings_by_cell(call.kb, pid)

    shown = dict(by_year) | ({table.total_column: total} if table and table.total_column else {})

    def printed(column: str) -> str:
        """What the paper's own total row prints where the audit finds it wrong and it is not
        the figure shown here (the proposals added up)."""
        if table is None:
            return ""
        found = findings.get(f"{table.id}:{row_label}:{column}", ())
        if not found or found[0].stated == shown.get(column):
            return ""
        part.flagged = True
        return f"the paper's {row_label} row prints {money(found[0].stated, table.unit)}"

    total_column = table.total_column if table else None
    part.count = f"{len(series)} proposal{'s' if len(series) != 1 else ''}"
    if call.request.years:  # the years asked for, out of the whole
        flag_total = printed(total_column) if total_column else ""

        def flag(period: str) -> str:
            return flag_total if period == "total" else printed(period)

        part.lead = year_lead(years, call.request.years, unit, total, flag)
        part.in_years = any(by_year.get(year) for year in call.request.years)
    else:
        lead = savings_lead(years, yearly, unit, total)
        part.lead = flagged(lead, printed(total_column) if total_column else "")
        part.cells = savings_cells(years, yearly, unit, printed)
    if table is not None:
        place = table.source.location  # the whole table: each proposal's row, and the total
        part.sources.append(
            Source(pid, table.source.document_title, place, table.source.basis, table.source.note)
        )
    target = savings_target(call.kb, pid)
    if target is not None:
        span = f" over {target.period}" if target.period else ""
        part.lines.append(
            f"Target {money(target.amount.value, target.amount.unit)}{span}: `gap {pid}` sets them side by side"
        )
        part.sources.append(target.source)


def _sum_row(call: Call, pid: str, series: list) -> tuple[Table | None, str]:
    """The table that carries the proposals' savings, and the label of its printed total row."""
    table_id = series[0].cells[0][1].split(":")[0] if series[0].cells else ""
    table = call.kb.table(pid, table_id)
    if table is None:
        return None, ""
    row = next((r for r in table.rows if r.kind == "sum" and r.measure == "savings"), None)
    return table, row.label if row else ""


def _from_scenarios(call: Call, pid: str, part: _Programme) -> None:
    """A savings profile by scenario (Kent's target and stretch), each on its own line."""
    cells = [f for f in call.kb.figures(pid, measure="savings") if f.scenario and f.table_id]
    if not cells:
        return
    table = call.kb.table(pid, cells[0].table_id or "")
    yearly = (table.yearly if table else None) or "levels"
    unit = cells[0].amount.unit
    for scenario in dict.fromkeys(f.scenario for f in cells):
        mine = [f for f in cells if f.scenario == scenario]
        years = [(f.period, f.amount.value) for f in mine if f.period != "total"]
        total = next((f.amount.value for f in mine if f.period == "total"), None)
        said = (
            year_lead(years, call.request.years, unit, total)
            if call.request.years
            else savings_lead(years, yearly, unit, total)
        )
        part.lines.append(f"{scenario.capitalize()}: {said}")
        asked = set(call.request.years)
        part.in_years = not asked or any(y in asked and v for y, v in years)
    if len(part.lines) == 1:
        part.lead, part.lines = part.lines[0], []
    if table is not None:
        rows = [r.label for r in table.rows if r.scenario]
        part.sources.append(table_source(table, rows if len(rows) < len(table.rows) else []))
    scenario_cells = dict.fromkeys(f.period for f in cells if f.period != "total")
    if len(part.lines) > 1 and len(scenario_cells) <= 10 and not call.request.years:
        by_scenario = {
            s: {f.period: f for f in cells if f.scenario == s}
            for s in dict.fromkeys(f.scenario for f in cells)
        }
        part.cells = tuple(
            Cell(
                year,
                " · ".join(
                    f"{money(found[year].amount.value, unit)} {s}"
                    for s, found in by_scenario.items()
                    if year in found
                ),
            )
            for year in scenario_cells
            if any(
                year in found and found[year].amount.value != 0 for found in by_scenario.values()
            )
        )


@command(
    "proposals",
    summary="Every savings proposal with its ref, total and delivery risk; filter by RAG.",
    usage="proposals [red|amber|green] [programme]",
    examples=("proposals", "proposals amber", "proposals harrow"),
    brief="proposals [red|amber|green]",
    listing=listings.SAVINGS,
    narrows="always",
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
    found = []
    tables: dict[tuple[str, str], Table] = {}
    several = len(call.scope.programme_ids) > 1
    flagged_in = set()
    for pid in call.scope.programme_ids:
        for proposal in call.kb.proposals(pid):
            current, _ = current_rag(call, proposal)
            if rag and current != rag:
                continue
            figures = call.kb.proposal_savings(pid, proposal.id)
            total, flag = "no figure", ""
            if figures:
                value = (
                    figures.stated_total
                    if figures.stated_total is not None
                    else figures.computed_total
                )
                total = money(value, figures.unit)
                total += " a year" if figures.yearly == "increments" else " in all"
                cell = dict(figures.cells).get("total", "")
                flag = flag_for(call.kb, pid, cell)
                if flag:
                    flagged_in.add(pid)
                    total = flagged(total, flag)
                table = call.kb.table(pid, cell.split(":")[0]) if cell else None
                if table:
                    tables[(pid, table.id)] = table
            risk = f" · {current.capitalize()}" if current else ""
            where = f" [{pid}]" if several else ""
            found.append(
                (RAG_ORDER.get(current or "", 9), f"{proposal.label} · {total}{risk}{where}")
            )
    if not found:
        which = f"{rag} " if rag else ""
        return Answer(
            title=f"No {which}proposals in {', '.join(call.scope.programme_ids)}.",
            suggestions=("proposals", "programmes"),
        )
    lines = [text for _, text in sorted(found, key=lambda item: item[0])]  # most at risk first
    title = f"{len(lines)} {rag + ' ' if rag else ''}proposal{'s' if len(lines) != 1 else ''}"
    if not several:
        title += f" - {call.scope.single}"
    short, details = cite(table.source for table in tables.values())
    return Answer(
        title=title,
        lines=tuple(lines[:SHOWN]),
        more=tuple(lines[SHOWN:]),
        warnings=(audit_warning(sorted(flagged_in)),) if flagged_in else (),
        sources=short,
        details=details,
    )
