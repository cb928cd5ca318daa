"""The audit's findings beside the figures they concern, on whatever route an answer prints one.

The audit (``knowledge.audit``) says which printed cells and figures disagree with their own
parts; every answer that shows one of them asks here and puts the flag beside it, so a search
or a typo that lands on the paper's faulty Total row shows the same warning as ``savings``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from commands.formatting import money, ratio
from knowledge.audit import audit_knowledge_base
from knowledge.model import Finding
from knowledge.queries import KnowledgeBase

_HOW = {
    "column total": "its rows add up to",
    "row total": "its years add up to",
    "difference": "worked out it is",
    "cumulative": "the running total is",
    "stated total": "its parts add up to",
    "stated ratio": "its own figures give",
    "tables disagree": "another table prints",
    "breakdown": "its parts add up to",
}


def findings_by_cell(kb: KnowledgeBase, programme_id: str) -> dict[str, tuple[Finding, ...]]:
    """The programme's findings by the figure (or ``table:row:column`` cell) each is about."""

    def index() -> dict[str, tuple[Finding, ...]]:
        found: dict[str, list[Finding]] = {}
        for finding in audit_knowledge_base(kb, programme_id):
            for cell in finding.cells:
                found.setdefault(cell, []).append(finding)
        return {cell: tuple(items) for cell, items in found.items()}

    return cast(dict[str, tuple[Finding, ...]], kb.memo(("flags", programme_id), index))


def flag_for(kb: KnowledgeBase, programme_id: str, cell: str) -> str:
    """What to say beside the figure ``cell`` ("its rows add up to £837k"), or nothing."""
    findings = findings_by_cell(kb, programme_id).get(cell, ())
    return "; ".join(dict.fromkeys(flag_text(f) for f in findings))  # two checks, one flag


def flag_text(finding: Finding) -> str:
    """A finding in a few words, as seen from the printed figure it is about."""
    computed = _shown(finding)
    if finding.severity == "rounding":
        return f"rounded from {computed}"
    return f"{_HOW.get(finding.check, 'the audit finds')} {computed}"


def _shown(finding: Finding) -> str:
    """The worked-out figure in the paper's unit, with no more digits than it has."""
    if finding.unit == "ratio":
        return ratio(finding.computed)
    value = finding.computed
    whole = value == value.to_integral_value()
    return money(value.quantize(Decimal(1)) if whole else value.normalize(), finding.unit)


def audit_warning(programme_ids: set[str] | list[str]) -> str:
    """The one warning an answer with flagged figures carries, pointing at the detail."""
    where = " ".join(sorted(programme_ids))
    return f"Figures marked ⚠ disagree with the paper's own arithmetic: `check {where}` for the detail."
