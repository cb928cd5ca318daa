"""``check``: where the papers' printed totals and ratios disagree with their own parts."""

from __future__ import annotations

from commands.answer import Answer
from commands.call import Call
from commands.registry import command
from knowledge.audit import audit_knowledge_base

UNIT_WORDS = {"GBP k": "£000s", "GBP m": "£m", "ratio": "ratio", "GBP": "£"}


@command(
    "check",
    summary="Audit the papers' arithmetic: every printed total, sum and ratio recomputed from its parts.",
    usage="check [programme]",
    examples=("check", "check haringey-mtfs-2017", "check kent"),
    aliases=("audit",),
)
def check(call: Call) -> Answer:
    findings = [f for pid in call.scope.programme_ids for f in audit_knowledge_base(call.kb, pid)]
    checked = ", ".join(call.scope.programme_ids)
    if not findings:
        return Answer(
            title=f"No arithmetic problems found in {checked}.",
            lines=(
                "Every printed total, difference, cumulative row and declared ratio matches its parts.",
            ),
        )
    lines = []
    for finding in findings:
        label = "rounding" if finding.severity == "rounding" else "mismatch"
        unit = UNIT_WORDS.get(finding.unit, finding.unit)
        lines.append(f"[{label}] {finding.programme_id}: {finding.what} ({unit}).")
    mismatches = sum(1 for f in findings if f.severity == "mismatch")
    return Answer(
        title=f"{len(findings)} audit finding{'s' if len(findings) != 1 else ''} "
        f"({mismatches} mismatch{'es' if mismatches != 1 else ''}, {len(findings) - mismatches} rounding)",
        lines=tuple(lines),
        notes=(
            "'rounding' means the printed figure is within one unit of its last digit but not correctly rounded.",
        ),
        sources=tuple(dict.fromkeys(f.source.cite() for f in findings)),
        data={"findings": [f.what for f in findings]},
    )
