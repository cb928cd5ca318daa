"""Figures as series over time, for charts and digests: savings by financial year (as planned,
with what was delivered and is now forecast), cost against funding by year, and cumulative
benefit against cumulative cost with the payback period.

Plain numbers with their sources: each face decides how to draw or word them. Money stays in
exact Decimals, in the paper's own unit for savings and in GBP thousands for the rest (as
``gaps`` and ``finance`` work).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from knowledge.dates import looks_like_financial_year
from knowledge.finance import ZERO, cumulative, totals_by_year
from knowledge.gap_lines import gap_by_period
from knowledge.investment import roi_inputs
from knowledge.model import MONEY_SCALE_TO_K, Figure, Proposal, Source
from knowledge.queries import KnowledgeBase
from knowledge.roi import cost_schedule, net_by_period, payback_period
from knowledge.state.tracking import Tracking

Values = tuple[Decimal | None, ...]


@dataclass(frozen=True)
class SavingsSeries:
    """Savings by financial year: one or more planned series (``plan``, or a paper's scenarios
    such as ``target`` and ``stretch``), and delivered and forecast once the board records them.

    Every value is in ``unit`` (the paper's); a year with nothing printed or recorded is None.
    """

    programme_id: str
    subject: str
    unit: str
    years: tuple[str, ...]
    planned: tuple[tuple[str, Values], ...]
    delivered: Values
    forecast: Values
    basis: str
    sources: tuple[Source, ...]

    @property
    def tracked(self) -> bool:
        """Whether anything delivered or forecast is recorded."""
        return any(v is not None for v in (*self.delivered, *self.forecast))


def fy_amounts_k(figures: list[Figure]) -> dict[str, Decimal]:
    """Figures dated by financial year, in GBP thousands, by year."""
    return {
        f.period: f.amount.in_thousands() for f in figures if looks_like_financial_year(f.period)
    }


def _in_unit(values_k: Mapping[str, Decimal], unit: str) -> dict[str, Decimal]:
    scale = MONEY_SCALE_TO_K[unit]
    return {year: value / scale for year, value in values_k.items()}


def _table_source(source: Source) -> Source:
    """A row's citation cut back to its table, for a series that adds up several rows."""
    return Source(
        source.programme_id, source.document_title, source.location.split(", row ")[0], source.basis
    )


def _row(years: tuple[str, ...], values: Mapping[str, Decimal]) -> Values:
    return tuple(values.get(year) for year in years)


def _tracked_k(
    tracking: Tracking | None, programme_id: str, proposals: list[Proposal], kind: str
) -> dict[str, Decimal]:
    """Delivered (``actual``) or forecast amounts of several proposals, added up by year."""
    if tracking is None:
        return {}
    return totals_by_year(tracking.amounts(programme_id, p.id, kind) for p in proposals)


def _series(
    programme_id: str,
    subject: str,
    unit: str,
    planned: dict[str, dict[str, Decimal]],
    delivered_k: dict[str, Decimal],
    forecast_k: dict[str, Decimal],
    basis: str,
    sources: tuple[Source, ...],
) -> SavingsSeries:
    years = tuple(sorted({*(y for v in planned.values() for y in v), *delivered_k, *forecast_k}))
    return SavingsSeries(
        programme_id,
        subject,
        unit,
        years,
        tuple((name, _row(years, values)) for name, values in planned.items()),
        _row(years, _in_unit(delivered_k, unit)),
        _row(years, _in_unit(forecast_k, unit)),
        basis,
        sources,
    )


def proposal_savings_series(
    kb: KnowledgeBase, tracking: Tracking | None, proposal: Proposal
) -> SavingsSeries | None:
    """One proposal's savings by year as its paper plans them, beside what was recorded."""
    pid = proposal.programme_id
    savings = kb.proposal_savings(pid, proposal.id)
    if savings is None or savings.unit not in MONEY_SCALE_TO_K:
        return None
    return _series(
        pid,
        proposal.label,
        savings.unit,
        {"plan": dict(savings.by_year)},
        _tracked_k(tracking, pid, [proposal], "actual"),
        _tracked_k(tracking, pid, [proposal], "forecast"),
        "the proposal's savings by year",
        savings.sources or (proposal.source,),
    )


def programme_savings_series(
    kb: KnowledgeBase, tracking: Tracking | None, programme_id: str
) -> SavingsSeries | None:
    """A programme's savings by year: its savings lines added up (with the board's records
    beside them), else its printed savings profile by scenario, else its savings target."""
    proposals = kb.proposals(programme_id)
    lines = [(p, s) for p in proposals if (s := kb.proposal_savings(programme_id, p.id))]
    if lines and lines[0][1].unit in MONEY_SCALE_TO_K:
        unit = lines[0][1].unit
        planned = totals_by_year(dict(s.by_year) for _, s in lines)
        return _series(
            programme_id,
            programme_id,
            unit,
            {"plan": planned},
            _tracked_k(tracking, programme_id, [p for p, _ in lines], "actual"),
            _tracked_k(tracking, programme_id, [p for p, _ in lines], "forecast"),
            f"its {len(lines)} savings lines, added up by year",
            tuple(_table_source(s) for s in lines[0][1].sources[:1]),
        )
    cells = [
        f
        for f in kb.figures(programme_id, measure="savings")
        if f.scenario and f.table_id and looks_like_financial_year(f.period)
    ]
    if cells:
        unit = cells[0].amount.unit
        scenarios = {
            scenario: {f.period: f.amount.value for f in cells if f.scenario == scenario}
            for scenario in dict.fromkeys(f.scenario for f in cells)
        }
        return _series(
            programme_id,
            programme_id,
            unit,
            scenarios,
            {},
            {},
            "the paper's savings profile by scenario",
            (_table_source(cells[0].source),),
        )
    targets = [
        f
        for f in kb.figures(programme_id, measure="savings target")
        if looks_like_financial_year(f.period)
    ]
    if not targets:
        return None
    unit = targets[0].amount.unit
    values = {f.period: f.amount.value for f in targets if f.amount.unit == unit}
    return _series(
        programme_id,
        programme_id,
        unit,
        {"target": values},
        {},
        {},
        "the savings target only (the paper itemises no savings lines)",
        (targets[0].source,),
    )


@dataclass(frozen=True)
class FundingSeries:
    """Cost, available funding and the gap between them by year (GBP thousands)."""

    programme_id: str
    years: tuple[str, ...]
    cost: tuple[Decimal, ...]
    funding: tuple[Decimal, ...]
    gap: tuple[Decimal, ...]
    stated_gap: Values
    sources: tuple[Source, ...]


def funding_series(kb: KnowledgeBase, programme_id: str) -> FundingSeries | None:
    """The funding gap by year, as ``gap`` works it out; None without cost and funding by year."""
    cost = fy_amounts_k(kb.figures(programme_id, measure="total cost"))
    funding = fy_amounts_k(kb.figures(programme_id, measure="funding available"))
    if not cost or not funding:
        return None
    stated_figures = kb.figures(programme_id, measure="funding gap")
    stated = fy_amounts_k(stated_figures)
    lines = gap_by_period(cost, funding)
    cited = stated_figures[:1] or kb.figures(programme_id, measure="total cost")[:1]
    return FundingSeries(
        programme_id,
        tuple(line.period for line in lines),
        tuple(line.need for line in lines),
        tuple(line.have for line in lines),
        tuple(line.gap for line in lines),
        tuple(stated.get(line.period) for line in lines),
        tuple(_table_source(f.source) for f in cited),
    )


@dataclass(frozen=True)
class PaybackCurve:
    """One scenario's cumulative benefit and cumulative cost by period (GBP thousands), and the
    first period in which the benefit has caught up with the cost (None: not within them)."""

    scenario: str
    periods: tuple[str, ...]
    benefit: tuple[Decimal, ...]
    cost: tuple[Decimal, ...]
    payback: str | None


@dataclass(frozen=True)
class PaybackCurves:
    programme_id: str
    subject: str
    curves: tuple[PaybackCurve, ...]
    benefit_basis: str
    cost_basis: str
    sources: tuple[Source, ...]


def payback_curves(
    kb: KnowledgeBase,
    programme_id: str,
    proposal_id: str | None = None,
    horizon: int | None = None,
) -> PaybackCurves | None:
    """Cumulative benefit against cumulative cost for each scenario, read as ``roi`` reads
    them (``roi.cost_schedule``); no curves when the paper states no cost."""
    inputs = roi_inputs(kb, programme_id, proposal_id)
    if inputs is None:
        return None
    curves = []
    if inputs.costs and any(v for _, v in inputs.costs):
        for scenario, benefits in inputs.benefits.items():
            kept, upfront, in_period = cost_schedule(benefits, inputs.costs, horizon)
            spent = cumulative(
                [in_period[p] + (upfront if i == 0 else ZERO) for i, (p, _) in enumerate(kept)]
            )
            curves.append(
                PaybackCurve(
                    scenario,
                    tuple(p for p, _ in kept),
                    tuple(cumulative(v for _, v in kept)),
                    tuple(spent),
                    payback_period(net_by_period(kept, upfront, in_period)),
                )
            )
    return PaybackCurves(
        programme_id,
        inputs.subject,
        tuple(curves),
        inputs.benefit_basis,
        inputs.cost_basis,
        tuple(dict.fromkeys(_table_source(s) for s in inputs.sources)),
    )
