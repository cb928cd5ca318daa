"""Savings and delivery gaps, as numbers: a programme's target against its savings lines, and a
proposal's plan against what was delivered or forecast, with its BRAG status. Every face words
them its own way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.dates import looks_like_financial_year
from knowledge.finance import agreement, printed_precision
from knowledge.model import Figure, combined_levels, to_thousands
from knowledge.queries import KnowledgeBase

if TYPE_CHECKING:  # a gap reads the tracked figures it is handed; answers without them need none
    from knowledge.state.tracking import Tracking

ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.75")


@dataclass(frozen=True)
class DeliveryYear:
    year: str
    planned: Decimal
    delivered: Decimal | None
    forecast: Decimal | None

    @property
    def expected(self) -> Decimal | None:
        """What the year is now expected to bring: delivered if recorded, else the forecast."""
        return self.delivered if self.delivered is not None else self.forecast

    @property
    def gap(self) -> Decimal | None:
        return None if self.expected is None else self.planned - self.expected


def delivery_years(planned: Mapping[str, Decimal], delivered: Mapping[str, Decimal],
                   forecast: Mapping[str, Decimal]) -> list[DeliveryYear]:  # fmt: skip
    years = sorted({*planned, *delivered, *forecast})
    return [
        DeliveryYear(y, planned.get(y, Decimal(0)), delivered.get(y), forecast.get(y))
        for y in years
    ]


def brag_status(years: list[DeliveryYear]) -> str | None:
    """Blue when every planned year is delivered in full; otherwise green, amber or red by how
    much of the plan for the reported years is delivered or forecast (95% and 75% thresholds);
    None while nothing has been reported."""
    reported = [y for y in years if y.expected is not None]
    if not reported:
        return None
    planned_years = [y for y in years if y.planned > 0]
    if planned_years and all(
        y.delivered is not None and y.delivered >= y.planned for y in planned_years
    ):
        return "blue"
    expected = sum((y.planned for y in reported), Decimal(0))
    achieved = sum((y.expected or Decimal(0) for y in reported), Decimal(0))
    if expected == 0:
        return "green"
    share = achieved / expected
    if share >= ON_TRACK:
        return "green"
    if share >= AT_RISK:
        return "amber"
    return "red"


@dataclass(frozen=True)
class SavingsGap:
    """A savings target against what the programme's savings lines identify."""

    target: Figure
    span: str
    identified: Decimal | None  # in the lines' unit; None when the paper itemises no lines
    unit: str
    lines: int

    @property
    def shortfall_k(self) -> Decimal | None:
        """Positive when the lines fall short of the target (GBP thousands)."""
        if self.identified is None:
            return None
        scale = Decimal(1000) if self.unit == "GBP m" else Decimal(1)
        return self.target.amount.in_thousands() - self.identified * scale

    @property
    def met(self) -> bool:
        """Whether the lines meet the target as precisely as the paper prints it: a target of
        £16.7m is met by lines of £16,784k, as the audit reads 16.7 as that total rounded.
        Without this the gap would call 84k a surplus while the audit calls it rounding."""
        if self.shortfall_k is None:
            return False
        target = self.target.amount
        precision_k = to_thousands(printed_precision(target.value), target.unit)
        identified_k = target.in_thousands() - self.shortfall_k
        return agreement(target.in_thousands(), identified_k, precision_k) != "mismatch"


def savings_target(kb: KnowledgeBase, programme_id: str) -> Figure | None:
    """The programme's savings target as printed (or, failing that, its budget reduction)."""
    targets = kb.figures(programme_id, measure="savings target") or kb.figures(
        programme_id, measure="budget reduction"
    )
    return targets[0] if targets else None


def savings_gap(
    kb: KnowledgeBase, programme_id: str, years: Sequence[str] = ()
) -> SavingsGap | None:
    """The first savings target (or budget reduction) against the lines: what is saved in that
    year for a one-year target; for a target over several years, the saving a year reached at
    the end (increments) or the total saved over them (levels), which is what the lines add to."""
    target = savings_target(kb, programme_id)
    if target is None:
        return None
    one_year = looks_like_financial_year(target.period)
    if years and (not one_year or target.period not in years):
        return None  # a target over several years is not split by year
    series = [
        s for p in kb.proposals(programme_id) if (s := kb.proposal_savings(programme_id, p.id))
    ]
    if not series:
        return SavingsGap(target, target.period or "overall", None, "GBP k", 0)
    if one_year:  # what is saved in that year: for increments, everything added by then
        identified = combined_levels(series).get(target.period, Decimal(0))
    else:
        identified = sum((s.computed_total for s in series), Decimal(0))
    return SavingsGap(target, target.period or "overall", identified, series[0].unit, len(series))


@dataclass(frozen=True)
class DeliveryGap:
    """Plan against delivered (or, where not yet delivered, forecast) for the years reported."""

    planned_k: Decimal
    expected_k: Decimal
    statuses: tuple[tuple[str, str | None], ...]  # (proposal ref, BRAG)

    @property
    def gap_k(self) -> Decimal:
        return self.planned_k - self.expected_k


def delivery_gap(
    kb: KnowledgeBase, tracking: Tracking | None, programme_id: str, years: Sequence[str] = ()
) -> DeliveryGap | None:
    """None until someone has recorded an actual or a forecast for the programme."""
    if tracking is None:
        return None
    planned = expected = Decimal(0)
    statuses: list[tuple[str, str | None]] = []
    for proposal in kb.proposals(programme_id):
        savings = kb.proposal_savings(programme_id, proposal.id)
        delivered = tracking.amounts(programme_id, proposal.id, "actual")
        forecast = tracking.amounts(programme_id, proposal.id, "forecast")
        if not savings or not (delivered or forecast):
            continue
        reported = [
            y
            for y in delivery_years(dict(savings.by_year), delivered, forecast)
            if y.expected is not None and (not years or y.year in years)
        ]
        if not reported:
            continue
        planned += sum((y.planned for y in reported), Decimal(0))
        expected += sum((y.expected or Decimal(0) for y in reported), Decimal(0))
        statuses.append((proposal.ref or proposal.id, brag_status(reported)))
    return DeliveryGap(planned, expected, tuple(statuses)) if statuses else None
