"""Delivery against plan, as numbers: a proposal's plan against what was delivered or forecast,
year by year, with its BRAG status, and a programme's total over the years reported. Every
face words them its own way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

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
