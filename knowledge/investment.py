"""Gather what a return-on-investment or gap calculation needs from one programme's figures.

The arithmetic itself lives in ``finance``; this module only decides which printed numbers are
benefits and which are costs, and says so in a basis line the bot shows beside the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.dates import looks_like_financial_year
from knowledge.finance import totals_by_year
from knowledge.model import Figure, Source
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
    if scenario_cells:
        for scenario in dict.fromkeys(f.scenario for f in scenario_cells):
            benefits[scenario] = [
                (f.period, f.amount.in_thousands())
                for f in scenario_cells
                if f.scenario == scenario
            ]
        sources.append(scenario_cells[0].source)
        benefit_basis = "savings profile by scenario, as printed"
    else:
        lines = [
            s for p in kb.proposals(programme_id) if (s := kb.proposal_savings(programme_id, p.id))
        ]
        cba = _cba_rows(kb, programme_id, "benefits")
        if cba:
            benefits["as planned"] = sorted(cba.items())
            benefit_basis = "gross benefits from the proposals' cost-benefit sheets"
        elif lines:
            scale = Decimal(1000) if lines[0].unit == "GBP m" else Decimal(1)
            series = totals_by_year({y: v * scale for y, v in s.by_year} for s in lines)
            benefits["as planned"] = sorted(series.items())
            benefit_basis = f"the {len(lines)} savings lines, added up by year"
        else:
            targets = _fy_cells(kb.figures(programme_id, measure="savings target"))
            if not targets:
                return None
            benefits["target"] = [(f.period, f.amount.in_thousands()) for f in targets]
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
    result: dict[str, Decimal] = {}
    for table in kb.tables(programme_id):
        if not table.proposal_id or (proposal_id and table.proposal_id != proposal_id):
            continue
        for row in table.rows:
            if row.measure != measure:
                continue
            for index, column in enumerate(table.columns):
                if column == table.total_column:
                    continue
                value = row.number(index)
                result[column] = result.get(column, Decimal(0)) + (value or Decimal(0))
    return result if any(result.values()) else {}


def _proposal_inputs(kb: KnowledgeBase, programme_id: str, proposal_id: str) -> RoiInputs | None:
    benefits = _cba_rows(kb, programme_id, "benefits", proposal_id)
    if not benefits:
        savings = kb.proposal_savings(programme_id, proposal_id)
        if not savings:
            return None
        benefits = dict(savings.by_year)
        basis = "the proposal's savings by year"
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
    )
