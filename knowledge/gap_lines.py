"""Gaps as pure functions over exact Decimals: what is needed against what is there, per
period and in total (cost against funding, target against identified, plan against delivery)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from knowledge.finance import ZERO, total


@dataclass(frozen=True)
class GapLine:
    period: str
    need: Decimal
    have: Decimal

    @property
    def gap(self) -> Decimal:
        """Positive when what is needed exceeds what is there."""
        return self.need - self.have


def gap_by_period(need: Mapping[str, Decimal], have: Mapping[str, Decimal]) -> list[GapLine]:
    """Gap per period (cost against funding, target against identified, plan against delivery)."""
    periods = list(dict.fromkeys([*need, *have]))
    return [GapLine(p, need.get(p, ZERO), have.get(p, ZERO)) for p in periods]


def gap_total(lines: Sequence[GapLine]) -> GapLine:
    return GapLine("total", total(x.need for x in lines), total(x.have for x in lines))
