"""The savings gap, as numbers: a programme's target against its savings lines. Every face words
it its own way; delivery against plan is ``knowledge.delivery_gaps``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from knowledge.dates import looks_like_financial_year
from knowledge.finance import agreement, printed_precision
from knowledge.model import Figure, combined_levels, to_thousands
from knowledge.queries import KnowledgeBase


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
