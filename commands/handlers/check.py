"""``check``: where the papers' printed totals and ratios disagree with their own parts."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.citing import cite
from commands.flags import flag_text
from commands.formatting import money, ratio, sentence_case
from commands.registry import command
from knowledge.audit import audit_knowledge_base
from knowledge.model import Finding
from knowledge.queries import KnowledgeBase

SHOWN = 8  # findings on one screen; the rest behind ``more``


@command(
    "check",
    summary="Audit the papers' arithmetic: every printed total, sum and ratio recomputed from its parts.",
    usage="check [programme]",
    examples=("check", "check haringey-mtfs-2017", "check kent"),
    aliases=("audit",),
    listing=listings.AUDIT,
    narrows="always",
)
def check(call: Call) -> Answer:
    findings = [f for pid in call.scope.programme_ids for f in audit_knowledge_base(call.kb, pid)]
    checked = ", ".join(call.scope.programme_ids)
    if not findings:
        return Answer(
            title=f"No arithmetic problems found in {checked}.",
            lead="Every printed total, difference, running total and ratio matches its parts.",
        )
    lines = [finding_line(call.kb, f) for f in findings]
    mismatches = sum(1 for f in findings if f.severity == "mismatch")
    roundings = len(findings) - mismatches
    short, details = cite(f.source for f in findings)
    notes = (
        (
            "Rounding: the printed figure is within one unit of its last digit, but cut off "
            "rather than rounded (16.784 printed as 16.7).",
        )
        if roundings
        else ()
    )
    return Answer(
        title=f"{len(findings)} audit finding{'s' if len(findings) != 1 else ''}: "
        f"{mismatches} mismatch{'es' if mismatches != 1 else ''}, "
        f"{roundings} rounding{'s' if roundings != 1 else ''}",
        lines=tuple(lines[:SHOWN]),
        more=tuple(lines[SHOWN:]),
        notes=notes,
        sources=short,
        details=details,
        data={"findings": [f.what for f in findings]},
    )


def finding_line(kb: KnowledgeBase, finding: Finding) -> str:
    """ "Mismatch, haringey-mtfs-2017: Total row of the summary table, 2017-18, prints £2,762k;
    its rows add up to £837k" """
    stated = (
        ratio(finding.stated, 1) if finding.unit == "ratio" else money(finding.stated, finding.unit)
    )
    return (
        f"{finding.severity.capitalize()}, {finding.programme_id}: {_place(kb, finding)} "
        f"prints {stated}; {flag_text(finding)}"
    )


def _place(kb: KnowledgeBase, finding: Finding) -> str:
    """What the finding is about, as the paper names it: a table's row and column, or a figure."""
    cell = finding.cells[0] if finding.cells else ""
    if cell.count(":") == 2:
        table_id, label, column = cell.split(":")
        table = kb.table(finding.programme_id, table_id)
        if table is not None:
            return f"{table.title}: {label} row, {column} column,"
    figure = kb.figure(finding.programme_id, cell) if cell else None
    if figure is not None:
        subject = f", {figure.subject}," if figure.subject else ""
        return f"{sentence_case(figure.measure)}{subject}"
    return finding.what.split(":")[0]
