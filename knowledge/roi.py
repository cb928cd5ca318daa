"""Return on investment as pure functions over exact Decimals: benefit-to-cost ratios, net
return, payback, and one scenario's whole reckoning (``evaluate_roi``). Nothing is discounted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from knowledge.finance import ZERO, total


def benefit_cost_ratio(benefit: Decimal, cost: Decimal) -> Decimal | None:
    """Benefit per pound of cost; None when there is no cost to divide by."""
    if cost == 0:
        return None
    return benefit / cost


def net_roi_percent(benefit: Decimal, cost: Decimal) -> Decimal | None:
    """(benefit - cost) / cost, as a percentage."""
    if cost == 0:
        return None
    return (benefit - cost) / cost * 100


def payback_period(net_by_period: Sequence[tuple[str, Decimal]]) -> str | None:
    """First period in which cumulative net benefit reaches zero or more; None if it never does."""
    running = ZERO
    for period, net in net_by_period:
        running += net
        if running >= 0:
            return period
    return None


def cost_schedule(
    benefits: Sequence[tuple[str, Decimal]],
    costs: Sequence[tuple[str, Decimal]],
    horizon: int | None = None,
) -> tuple[list[tuple[str, Decimal]], Decimal, dict[str, Decimal]]:
    """The benefit periods within the horizon, the cost counted up front, and each kept
    period's own cost: the one reading of costs that ratios, payback and charts share.

    Costs of periods past the horizon are out of it; any other cost not in a kept period (a
    one-off fee, say) is counted up front, before the first period.
    """
    kept = list(benefits[:horizon] if horizon else benefits)
    periods = [p for p, _ in kept]
    later = {p for p, _ in benefits[len(kept) :]}
    upfront = total(v for p, v in costs if p not in periods and p not in later)
    in_period = {p: total(v for q, v in costs if q == p) for p in periods}
    return kept, upfront, in_period


def net_by_period(
    kept: Sequence[tuple[str, Decimal]], upfront: Decimal, in_period: Mapping[str, Decimal]
) -> list[tuple[str, Decimal]]:
    """Benefit less cost per period, the up-front cost falling in the first."""
    return [(p, v - in_period[p] - (upfront if i == 0 else ZERO)) for i, (p, v) in enumerate(kept)]


@dataclass(frozen=True)
class RoiResult:
    """Return on investment for one scenario over a horizon of periods.

    ``annual_ratio`` is a full year's benefit (the largest year's) per pound of what a year
    costs: the one-off cost plus that year's running cost. ``cumulative_ratio`` is every
    year's benefit over the horizon per pound of every cost in it. Nothing is discounted.
    """

    scenario: str
    periods: tuple[str, ...]
    benefit_by_period: tuple[Decimal, ...]
    cost: Decimal
    annual_ratio: Decimal | None
    cumulative_benefit: Decimal
    cumulative_ratio: Decimal | None
    net_roi_percent: Decimal | None
    payback: str | None
    full_year_benefit: Decimal = ZERO
    full_year_cost: Decimal = ZERO


def evaluate_roi(
    scenario: str,
    benefits: Sequence[tuple[str, Decimal]],
    costs: Sequence[tuple[str, Decimal]],
    horizon: int | None = None,
) -> RoiResult:
    """Ratios and payback for one scenario.

    ``benefits`` are what each period brings, in order; ``costs`` are by period too, where a
    period not among the benefit periods (a one-off fee) counts up front, before the first
    period. The annual ratio is the full-year (largest single-period) benefit against the
    up-front cost plus that period's running cost; the cumulative ratio adds the benefits and
    the costs over the horizon. Nothing is discounted.
    """
    kept, upfront, in_period = cost_schedule(benefits, costs, horizon)
    periods = [p for p, _ in kept]
    cost = upfront + total(in_period.values())
    cumulative_benefit = total(v for _, v in kept)
    net = net_by_period(kept, upfront, in_period)
    full_year = max((v for _, v in kept), default=ZERO)
    full_year_period = next((p for p, v in kept if v == full_year), None)
    year_cost = upfront + (in_period.get(full_year_period, ZERO) if full_year_period else ZERO)
    return RoiResult(
        scenario=scenario,
        periods=tuple(periods),
        benefit_by_period=tuple(v for _, v in kept),
        cost=cost,
        annual_ratio=benefit_cost_ratio(full_year, year_cost),
        cumulative_benefit=cumulative_benefit,
        cumulative_ratio=benefit_cost_ratio(cumulative_benefit, cost),
        net_roi_percent=net_roi_percent(cumulative_benefit, cost),
        payback=payback_period(net),
        full_year_benefit=full_year,
        full_year_cost=year_cost,
    )
