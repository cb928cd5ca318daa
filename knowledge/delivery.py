"""Delivery status of a proposal from what was planned, delivered and forecast (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

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
