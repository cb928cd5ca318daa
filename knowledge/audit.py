"""Recompute every printed total, difference, cumulative and ratio from its parts.

Nothing here knows which numbers are wrong: each check is arithmetic over the structure the
source files declare (which rows a Total adds up, which figure is a ratio of which), so a new
paper's mistakes are found the same way as the known ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from knowledge.finance import ZERO, agreement, printed_precision
from knowledge.model import MONEY_SCALE_TO_K, Amount, Figure, Finding, Proposal, Table, TableRow
from knowledge.queries import KnowledgeBase


def audit_knowledge_base(kb: KnowledgeBase, programme_id: str | None = None) -> list[Finding]:
    programmes = [programme_id] if programme_id else [p.id for p in kb.programmes()]
    findings: list[Finding] = []
    for pid in programmes:
        found: list[Finding] = kb.memo(("audit", pid), partial(audit_programme, kb, pid))
        findings.extend(found)
    return findings


def audit_programme(kb: KnowledgeBase, programme_id: str) -> list[Finding]:
    """Every finding for one programme (the reference data never changes, so callers cache it)."""
    tables = kb.tables(programme_id)
    return [
        *audit_tables(tables),
        *audit_cross_tables(tables),
        *audit_breakdowns(kb.proposals(programme_id), tables),
        *audit_figures(kb, programme_id),
    ]


def cell_id(table: Table, row: TableRow, column: str) -> str:
    """A printed cell's id, as the build names the figure made from it (and as ``sum_of`` does)."""
    return f"{table.id}:{row.label}:{column}"


def _finding(
    table: Table,
    what: str,
    stated: Decimal,
    computed: Decimal,
    check: str,
    row: TableRow,
    index: int,
) -> Finding | None:
    verdict = agreement(stated, computed, printed_precision(stated))
    if verdict == "match":
        return None
    subject = row.proposal_id or table.proposal_id or ""
    return Finding(
        table.programme_id,
        check,
        what,
        stated,
        computed,
        table.unit,
        table.source,
        verdict,
        subject,
        (cell_id(table, row, table.columns[index]),),
    )


def _column_title(table: Table, index: int) -> str:
    return table.column_labels[index] if table.column_labels else table.columns[index]


def audit_tables(tables: Iterable[Table]) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        findings.extend(_check_sum_rows(table))
        findings.extend(_check_total_column(table))
        findings.extend(_check_derived_rows(table))
    return findings


def _value(row: TableRow, index: int) -> Decimal:
    return row.number(index) or ZERO


def _check_sum_rows(table: Table) -> list[Finding]:
    parts = [r for r in table.rows if r.kind == "part"]
    found: list[Finding] = []
    for row in (r for r in table.rows if r.kind == "sum"):
        for index in range(len(table.columns)):
            stated = row.number(index)
            if stated is None and not any(p.number(index) for p in parts):
                continue
            computed = sum((_value(p, index) for p in parts), ZERO)
            what = (
                f"{table.title}, column {_column_title(table, index)}: the {row.label} row prints "
                f"{_fmt(stated)} but its {len(parts)} rows add up to {_fmt(computed)}"
            )
            finding = _finding(table, what, stated or ZERO, computed, "column total", row, index)
            if finding:
                found.append(finding)
    return found


def _check_total_column(table: Table) -> list[Finding]:
    if not table.total_column:
        return []
    total_index = table.columns.index(table.total_column)
    found: list[Finding] = []
    for row in table.rows:
        if row.kind == "running":
            continue
        stated = row.number(total_index)
        others = [row.number(i) for i in range(len(table.columns)) if i != total_index]
        if stated is None and not any(others):
            continue
        computed = sum((v for v in others if v is not None), ZERO)
        what = (
            f"{table.title}, row {row.label}: the {_column_title(table, total_index)} column prints "
            f"{_fmt(stated)} but the row adds up to {_fmt(computed)}"
        )
        finding = _finding(table, what, stated or ZERO, computed, "row total", row, total_index)
        if finding:
            found.append(finding)
    return found


def _check_derived_rows(table: Table) -> list[Finding]:
    found: list[Finding] = []
    for row in table.rows:
        if row.kind == "difference":
            left, right = table.row(row.of[0]), table.row(row.of[1])
            if left is None or right is None:
                continue
            expected = [_value(left, i) - _value(right, i) for i in range(len(table.columns))]
            check, how = "difference", f"{row.of[0]} minus {row.of[1]}"
        elif row.kind == "running":
            base = table.row(row.of[0])
            if base is None:
                continue
            expected, running = [], ZERO
            for i in range(len(table.columns)):
                running += _value(base, i)
                expected.append(running)
            check, how = "cumulative", f"the running total of {row.of[0]}"
        else:
            continue
        for index, computed in enumerate(expected):
            if table.columns[index] == table.total_column:
                continue
            stated = row.number(index)
            if stated is None:
                continue
            what = (
                f"{table.title}, column {_column_title(table, index)}: {row.label} prints "
                f"{_fmt(stated)} but {how} is {_fmt(computed)}"
            )
            finding = _finding(table, what, stated, computed, check, row, index)
            if finding:
                found.append(finding)
    return found


def audit_cross_tables(tables: list[Table]) -> list[Finding]:
    """The same proposal's same measure printed in two tables must agree year by year."""
    found: list[Finding] = []
    seen: dict[tuple[str, str], tuple[Table, TableRow]] = {}
    for table in tables:
        for row in table.rows:
            if not row.proposal_id or not row.measure or row.kind not in {"part", "item"}:
                continue
            key = (row.proposal_id, row.measure)
            if key not in seen:
                seen[key] = (table, row)
                continue
            first_table, first_row = seen[key]
            for index, column in enumerate(table.columns):
                if column not in first_table.columns:
                    continue
                stated, other = (
                    row.number(index),
                    first_row.number(first_table.columns.index(column)),
                )
                if (stated or ZERO) == (other or ZERO):
                    continue
                what = (
                    f"proposal {row.proposal_id} {row.measure}, {column}: {table.title} prints "
                    f"{_fmt(stated)} but {first_table.title} prints {_fmt(other)}"
                )
                found.append(
                    Finding(
                        table.programme_id,
                        "tables disagree",
                        what,
                        stated or ZERO,
                        other or ZERO,
                        table.unit,
                        table.source,
                        "mismatch",
                        row.proposal_id,
                        (
                            cell_id(table, row, column),
                            cell_id(first_table, first_row, column),
                        ),
                    )
                )
    return found


def audit_breakdowns(proposals: Iterable[Proposal], tables: list[Table]) -> list[Finding]:
    """A proposal's money components must add up to its printed total saving."""
    found: list[Finding] = []
    for proposal in proposals:
        money = [b for b in proposal.breakdown if b.amount.unit in MONEY_SCALE_TO_K]
        if not money:
            continue
        total_cell = _proposal_total(proposal.id, tables)
        if total_cell is None:
            continue
        table, row, stated = total_cell
        computed = sum((b.amount.in_thousands() for b in money), ZERO)
        stated_k = stated * MONEY_SCALE_TO_K[table.unit]
        if stated_k == computed:
            continue
        what = (
            f"proposal {proposal.label}: its components add up to {_fmt(computed)} "
            f"but its total saving is printed as {_fmt(stated_k)}"
        )
        found.append(
            Finding(
                proposal.programme_id,
                "breakdown",
                what,
                stated_k,
                computed,
                "GBP k",
                proposal.source,
                "mismatch",
                proposal.id,
                (cell_id(table, row, table.total_column or ""),),
            )
        )
    return found


def _proposal_total(
    proposal_id: str, tables: list[Table]
) -> tuple[Table, TableRow, Decimal] | None:
    for table in tables:
        if not table.figures or not table.total_column:
            continue
        for row in table.rows:
            if row.proposal_id == proposal_id and row.measure == "savings":
                value = row.number(table.columns.index(table.total_column))
                if value is not None:
                    return table, row, abs(value)
    return None


def audit_figures(kb: KnowledgeBase, programme_id: str) -> list[Finding]:
    """Stated figures declared as a total (``sum_of``) or a ratio (``ratio_of``) of others."""
    found: list[Finding] = []
    for figure in kb.figures(programme_id):
        if figure.table_id is not None:
            continue
        sum_of, ratio_of = kb.figure_links(programme_id, figure.id)
        if sum_of:
            parts = [_resolve(kb, programme_id, ref) for ref in sum_of]
            if any(p is None for p in parts):
                continue
            computed = sum((_convert(p, figure.amount.unit) for p in parts if p), ZERO)
            found.extend(_figure_finding(figure, computed, "stated total", "its parts add up to"))
        if len(ratio_of) == 2:
            numerator, denominator = (_resolve(kb, programme_id, ref) for ref in ratio_of)
            if numerator is None or denominator is None:
                continue
            bottom = _convert(denominator, "GBP k")
            if bottom == 0:
                continue
            computed = _convert(numerator, "GBP k") / bottom
            found.extend(_figure_finding(figure, computed, "stated ratio", "dividing gives"))
    return found


def _figure_finding(figure: Figure, computed: Decimal, check: str, how: str) -> list[Finding]:
    stated = figure.amount.value
    verdict = agreement(stated, computed, printed_precision(stated))
    if verdict == "match":
        return []
    shown = computed.quantize(Decimal("0.01")) if figure.amount.unit == "ratio" else computed
    what = f"{figure.measure}{' (' + figure.subject + ')' if figure.subject else ''}: the paper prints {_fmt(stated)} but {how} {_fmt(shown)}"
    return [
        Finding(
            figure.programme_id,
            check,
            what,
            stated,
            computed,
            figure.amount.unit,
            figure.source,
            verdict,
            figure.proposal_id or "",
            (figure.id,),
        )
    ]


def _resolve(kb: KnowledgeBase, programme_id: str, ref: str) -> Amount | None:
    """A figure id, or a table cell written "table:row:column" (read as printed)."""
    figure = kb.figure(programme_id, ref)
    if figure is not None:
        return figure.amount
    if ref.count(":") != 2:
        return None
    table_id, label, column = ref.split(":")
    table = kb.table(programme_id, table_id)
    row = table.row(label) if table else None
    if table is None or row is None or column not in table.columns:
        return None
    value = row.number(table.columns.index(column))
    return Amount(value, table.unit) if value is not None else None


def _convert(amount: Amount, unit: str) -> Decimal:
    if unit in MONEY_SCALE_TO_K and amount.unit in MONEY_SCALE_TO_K:
        return amount.in_thousands() / MONEY_SCALE_TO_K[unit]
    return amount.value


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "nothing"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,}"
