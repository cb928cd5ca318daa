"""``gap``: funding gap (cost against funding), savings gap (target against the savings
lines) and delivery gap (plan against what was delivered or forecast)."""

from __future__ import annotations

from dataclasses import dataclass, field

from commands import listings
from commands.answer import Answer, Cell
from commands.call import Call
from commands.citing import cite, table_source
from commands.delivery import delivery_lines
from commands.errors import BadInput
from commands.flags import audit_warning, flag_for
from commands.formatting import delivery_gap_text, flagged, money, savings_verdict
from commands.lookup import find_proposal
from commands.registry import command
from knowledge.dates import looks_like_financial_year
from knowledge.delivery_gaps import delivery_gap
from knowledge.gap_lines import gap_by_period, gap_total
from knowledge.gaps import savings_gap, savings_target
from knowledge.model import Figure, Source


def _by_period(figures: list[Figure]) -> dict[str, Figure]:
    return {f.period: f for f in figures if looks_like_financial_year(f.period)}


@dataclass
class _Gaps:
    """One programme's gaps: lines (or a lead and year cells when it is the only one)."""

    lead: str = ""
    cells: tuple[Cell, ...] = ()
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    flagged: bool = False
    data: dict[str, str] = field(default_factory=dict)


@command(
    "gap",
    summary="Funding gap (cost against funding), savings gap (target against identified) and delivery gap.",
    usage="gap [programme or ref] [year]",
    examples=("gap haringey-54000", "gap haringey-54000 2014-15", "gap 1.6", "gap fom"),
    periods=True,
    brief="gap [ref] [year]",
    listing=listings.MONEY,
    narrows="bare",
)
def gap(call: Call) -> Answer:
    years, query = list(call.request.years), call.rest
    if query:
        return _proposal_gap(call, query, years)
    found = {pid: _programme_gaps(call, pid, years) for pid in call.scope.programme_ids}
    found = {pid: g for pid, g in found.items() if g.lead or g.lines or g.notes}
    if not found:
        raise BadInput(
            "No gaps can be worked out for " + ", ".join(call.scope.programme_ids) + ".",
            ("programmes",),
        )
    short, details = cite(s for g in found.values() for s in g.sources)
    flagged_in = [pid for pid, g in found.items() if g.flagged]
    when = f", {', '.join(years)}" if years else ""
    common = Answer(
        title=f"Gaps - all programmes{when}",
        warnings=(audit_warning(flagged_in),) if flagged_in else (),
        notes=tuple(n for g in found.values() for n in g.notes),
        sources=short,
        details=details,
        data={pid: g.data for pid, g in found.items() if g.data},
    )
    if len(found) == 1:
        ((pid, only),) = found.items()
        lines = only.lines or ([] if only.lead else ["No gap can be worked out for that year."])
        return common.but(
            title=f"Gaps - {pid}{when}", lead=only.lead, cells=only.cells, lines=tuple(lines)
        )
    lines = [f"{pid}: {line}" for pid, g in found.items() for line in [g.lead, *g.lines] if line]
    return common.but(lines=tuple(lines))


def _proposal_gap(call: Call, query: str, years: list[str]) -> Answer:
    """Plan against what was delivered or forecast, year by year, for one proposal."""
    proposal = find_proposal(call, query, "gap")
    by_year, gaps, brag = delivery_lines(call, proposal)
    if years:
        by_year = [line for line in by_year if line.split(":")[0] in years]
    lead = (
        ""
        if gaps
        else "Nothing delivered or forecast is recorded yet, so there is no delivery gap to measure."
    )
    status = f"Delivery status: {brag}" if brag else "Delivery status: not yet reported"
    short, details = cite([proposal.source])
    return Answer(
        title=f"Delivery gap - {proposal.label} ({proposal.programme_id})",
        lead=lead,
        lines=(*(by_year or ["No planned savings are recorded for that year."]), status),
        sources=short,
        details=details,
        data={
            "programme": proposal.programme_id,
            "proposal": proposal.id,
            "gaps": gaps,
            "brag": brag,
        },
    )


def _programme_gaps(call: Call, pid: str, years: list[str]) -> _Gaps:
    found = _Gaps()
    _funding_gap(call, pid, years, found)
    _savings_gap(call, pid, years, found)
    _delivery_gap(call, pid, years, found)
    if not (found.lead or found.lines or found.notes) and call.scope.how != "all":
        found.lines.append(
            "Nothing to compare: the paper gives no cost with its funding, and no savings target."
        )
    return found


def _funding_gap(call: Call, pid: str, years: list[str], found: _Gaps) -> None:
    """Cost minus available funding by year, each year's printed gap flagged where the audit
    finds it disagrees; a year the funding covers says so rather than showing £0k."""
    cost = _by_period(call.kb.figures(pid, measure="total cost"))
    funding = _by_period(call.kb.figures(pid, measure="funding available"))
    if not cost or not funding:
        return
    stated = _by_period(call.kb.figures(pid, measure="funding gap"))
    need = {p: f.amount.in_thousands() for p, f in cost.items()}
    have = {p: f.amount.in_thousands() for p, f in funding.items()}
    lines = [g for g in gap_by_period(need, have) if not years or g.period in years]
    if not lines:
        return
    cells = []
    for line in lines:
        printed = stated.get(line.period)
        flag = flag_for(call.kb, pid, printed.id) if printed else ""
        found.flagged = found.flagged or bool(flag)
        shown = "fully funded" if line.gap <= 0 else money(line.gap, "GBP k")
        cells.append(Cell(line.period, shown, flag))
    overall = gap_total(lines)
    gap_years = [g.period for g in lines if g.gap > 0]
    span = (
        f" in {gap_years[0]}"
        if len(gap_years) == 1
        else f" over {gap_years[0]} to {gap_years[-1]}"
        if gap_years
        else ""
    )
    funding_text = f"funding {money(overall.have, 'GBP k')}" if overall.have else "no funding"
    summary = (
        f"Funding gap {money(overall.gap, 'GBP k')}{span}: cost {money(overall.need, 'GBP k')}, "
        f"{funding_text}"
    )
    if overall.gap <= 0:
        summary = f"No funding gap: cost {money(overall.need, 'GBP k')}, {funding_text}"
    if len(lines) > 1:
        found.cells = tuple(cells)
    found.lead = summary
    found.data = {g.period: str(g.gap) for g in lines} | {"total": str(overall.gap)}
    cell_figures = [
        f for fs in (cost, funding, stated) for p, f in fs.items() if p in {g.period for g in lines}
    ]
    table = call.kb.table(pid, cell_figures[0].table_id or "") if cell_figures else None
    if table is not None:
        rows = list(dict.fromkeys(f.subject for f in cell_figures))
        found.sources.append(table_source(table, rows, [g.period for g in lines]))


def _savings_gap(call: Call, pid: str, years: list[str], found: _Gaps) -> None:
    """The savings target against what the proposals identify, as precisely as it is printed."""
    result = savings_gap(call.kb, pid, years)
    if result is None:
        target = savings_target(call.kb, pid)
        if target is not None and years and not looks_like_financial_year(target.period):
            found.notes.append(
                f"{pid}'s savings target ({money(target.amount.value, target.amount.unit)} over "
                f"{target.period}) is not split by year; `gap {pid}` compares the whole of it."
            )
        return
    target = result.target
    found.sources.append(target.source)
    flag = flag_for(call.kb, pid, target.id)
    found.flagged = found.flagged or bool(flag)
    period = (
        f" in {target.period}"
        if looks_like_financial_year(target.period)
        else (f" over {target.period}" if target.period else "")
    )
    shown = flagged(f"Savings target {money(target.amount.value, target.amount.unit)}", flag)
    if result.identified is None or result.shortfall_k is None:
        found.lines.append(f"{shown}{period}: the paper itemises no savings against it")
        return
    proposals = f"{result.lines} proposal{'s' if result.lines != 1 else ''}"
    identified = money(result.identified, result.unit)
    found.lines.append(
        f"{shown}{period}: {savings_verdict(result)} ({identified} from {proposals})"
    )


def _delivery_gap(call: Call, pid: str, years: list[str], found: _Gaps) -> None:
    """Plan against what was delivered (or is now forecast) for the years reported so far."""
    result = delivery_gap(call.kb, call.tracking, pid, years)
    if result is not None:
        found.lines.append(f"Delivery gap (years reported): {delivery_gap_text(result)}")
