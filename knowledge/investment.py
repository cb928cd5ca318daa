"""Gather what a return-on-investment or gap calculation needs from one programme's figures.

The arithmetic itself lives in ``finance``; this module only decides which printed numbers are
benefits and which are costs, and says so in a basis line the bot shows beside the result.
Benefits and running costs go to ``finance`` as what each year brings: a table of yearly
increments (a savings plan) is added up year on year first, as its ``yearly`` setting says.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.dates import looks_like_financial_year
from knowledge.model import INCREMENTS, Figure, Source, combined_levels, year_levels
from knowledge.queries import KnowledgeBase

ONE_OFF_COSTS = ("fee", "implementation costs", "redundancy costs")


@dataclass(frozen=True)
class RoiInputs:
    programme_id: str
    subject: str
    benefits: dict[str, list[tuple[str, Decimal]]]  # scenario -> [(period, GBP k)]
    costs: list[tuple[str, Decimal]]  # [(period or label, GBP k)]
    benefit_basis: str
    cost_basis: str
    sources: tuple[Source, ...]
    stated: tuple[Figure, ...]
    yearly: str = "levels"  # what the paper's yearly figures were, before they became levels


def _fy_cells(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if looks_like_financial_year(f.period)]


def roi_inputs(
    kb: KnowledgeBase, programme_id: str, proposal_id: str | None = None
) -> RoiInputs | None:
    """Benefits by scenario and costs for a programme (or one proposal's cost-benefit sheet)."""
    if proposal_id:
        return _proposal_inputs(kb, programme_id, proposal_id)
    stated = tuple(f for f in kb.figures(programme_id) if f.amount.unit == "ratio")
    sources: list[Source] = []
    benefits: dict[str, list[tuple[str, Decimal]]] = {}
    scenario_cells = [
        f for f in _fy_cells(kb.figures(programme_id, measure="savings")) if f.scenario
    ]
    yearly = "levels"
    if scenario_cells:
        table = kb.table(programme_id, scenario_cells[0].table_id or "")
        yearly = (table.yearly if table else None) or "levels"
        for scenario in dict.fromkeys(f.scenario for f in scenario_cells):
            printed = [
                (f.period, f.amount.in_thousands())
                for f in scenario_cells
                if f.scenario == scenario
            ]
            benefits[scenario] = list(year_levels(printed, yearly))
        sources.append(table.source if table else scenario_cells[0].source)
        benefit_basis = "the savings profile by scenario"
    else:
        lines = [
            s for p in kb.proposals(programme_id) if (s := kb.proposal_savings(programme_id, p.id))
        ]
        cba = _cba_rows(kb, programme_id, "benefits")
        if cba:
            benefits["as planned"] = sorted(cba.items())
            benefit_basis = "gross benefits from the proposals' cost-benefit sheets"
            yearly = _sheets_yearly(kb, programme_id)
        elif lines:
            scale = Decimal(1000) if lines[0].unit == "GBP m" else Decimal(1)
            levels = combined_levels(lines)
            benefits["as planned"] = [(year, value * scale) for year, value in levels.items()]
            benefit_basis = f"the {len(lines)} savings lines, added up"
            yearly = lines[0].yearly
        else:
            targets = _fy_cells(kb.figures(programme_id, measure="savings target"))
            if not targets:
                return None
            benefits["savings target"] = [(f.period, f.amount.in_thousands()) for f in targets]
            sources.extend(f.source for f in targets)
            benefit_basis = "the savings target only (the paper itemises no savings lines)"
    costs, cost_basis, cost_sources = _costs(kb, programme_id)
    sources.extend(cost_sources)
    return RoiInputs(
        programme_id,
        programme_id,
        benefits,
        costs,
        benefit_basis,
        cost_basis,
        tuple(sources),
        stated,
        yearly,
    )


def _costs(
    kb: KnowledgeBase, programme_id: str
) -> tuple[list[tuple[str, Decimal]], str, list[Source]]:
    one_off = [f for m in ONE_OFF_COSTS for f in kb.figures(programme_id, measure=m)]
    cba = _cba_rows(kb, programme_id, "additional cost")
    if cba:
        return sorted(cba.items()), "additional costs from the proposals' cost-benefit sheets", []
    whole = [
        f
        for f in kb.figures(programme_id, measure="total cost")
        if not looks_like_financial_year(f.period)
    ]
    if whole:
        return (
            [("up front", f.amount.in_thousands()) for f in whole[:1]],
            "the programme's total projected cost, counted up front",
            [whole[0].source],
        )
    if one_off:
        names = ", ".join(f"{f.measure} ({f.subject})" if f.subject else f.measure for f in one_off)
        return (
            [(f.period or "up front", f.amount.in_thousands()) for f in one_off],
            f"one-off costs counted up front: {names}",
            [f.source for f in one_off],
        )
    return [], "no cost is stated in the paper", []


def _cba_rows(
    kb: KnowledgeBase, programme_id: str, measure: str, proposal_id: str | None = None
) -> dict[str, Decimal]:
    """A measure's rows of the proposals' sheets added up by year, as what each year brings
    (a sheet of yearly increments is added up year on year first)."""
    result: dict[str, Decimal] = {}
    for table in kb.tables(programme_id):
        if not table.proposal_id or (proposal_id and table.proposal_id != proposal_id):
            continue
        for row in table.rows:
            if row.measure != measure:
                continue
            printed = [
                (column, row.number(index) or Decimal(0))
                for index, column in enumerate(table.columns)
                if column != table.total_column
            ]
            for column, value in year_levels(printed, table.yearly):
                result[column] = result.get(column, Decimal(0)) + value
    return result if any(result.values()) else {}


def _sheets_yearly(kb: KnowledgeBase, programme_id: str, proposal_id: str | None = None) -> str:
    """What the proposals' sheets say their yearly figures are (the first that says)."""
    for table in kb.tables(programme_id):
        mine = table.proposal_id and (not proposal_id or table.proposal_id == proposal_id)
        if mine and table.yearly:
            return table.yearly
    return INCREMENTS


def _proposal_inputs(kb: KnowledgeBase, programme_id: str, proposal_id: str) -> RoiInputs | None:
    benefits = _cba_rows(kb, programme_id, "benefits", proposal_id)
    yearly = _sheets_yearly(kb, programme_id, proposal_id)
    if not benefits:
        savings = kb.proposal_savings(programme_id, proposal_id)
        if not savings:
            return None
        benefits = dict(savings.levels())
        basis = "the proposal's savings by year"
        yearly = savings.yearly
    else:
        basis = "gross benefits from the proposal's cost-benefit sheet"
    costs = _cba_rows(kb, programme_id, "additional cost", proposal_id)
    proposal = kb.proposal(programme_id, proposal_id)
    return RoiInputs(
        programme_id=programme_id,
        subject=proposal.label if proposal else proposal_id,
        benefits={"as planned": sorted(benefits.items())},
        costs=sorted(costs.items()),
        benefit_basis=basis,
        cost_basis="additional costs from the cost-benefit sheet"
        if any(costs.values())
        else "no additional cost is stated",
        sources=(proposal.source,) if proposal else (),
        stated=(),
        yearly=yearly,
    )
