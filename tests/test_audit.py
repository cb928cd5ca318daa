"""The audit finds the papers' arithmetic slips by recomputing, and nothing else."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.audit import audit_knowledge_base, audit_tables
from knowledge.gaps import savings_gap
from knowledge.model import Source, Table, TableRow
from knowledge.queries import KnowledgeBase


def _key(finding) -> tuple[str, str, Decimal, Decimal]:
    return (
        finding.programme_id,
        finding.check,
        finding.stated,
        finding.computed.quantize(Decimal("0.001")),
    )


def test_audit_finds_the_mtfs_total_row_that_exceeds_its_proposals(kb: KnowledgeBase) -> None:
    found = {_key(f) for f in audit_knowledge_base(kb, "haringey-mtfs-2017")}
    assert ("haringey-mtfs-2017", "column total", Decimal(2762), Decimal("837.000")) in found
    assert ("haringey-mtfs-2017", "column total", Decimal(4820), Decimal("2895.000")) in found


def test_audit_finds_kents_stretch_ratio_that_its_own_figures_do_not_give(
    kb: KnowledgeBase,
) -> None:
    ratios = [f for f in audit_knowledge_base(kb, "kent-0-25") if f.check == "stated ratio"]
    assert len(ratios) == 1
    assert ratios[0].stated == Decimal("5.5")
    assert ratios[0].computed.quantize(Decimal("0.001")) == Decimal("5.127")
    assert ratios[0].severity == "mismatch"


def test_audit_flags_truncated_restatements_as_rounding(kb: KnowledgeBase) -> None:
    rounding = {(f.stated, f.computed) for f in audit_knowledge_base(kb, "haringey-fom-2015")}
    assert (Decimal("16.7"), Decimal("16.784")) in rounding
    assert (Decimal("3.5"), Decimal("3.57")) in rounding
    assert all(f.severity == "rounding" for f in audit_knowledge_base(kb, "haringey-fom-2015"))


def test_audit_lists_exactly_the_known_findings_across_the_five_papers(kb: KnowledgeBase) -> None:
    findings = audit_knowledge_base(kb)
    assert sorted((f.programme_id, f.severity) for f in findings) == [
        ("haringey-fom-2015", "rounding"),
        ("haringey-fom-2015", "rounding"),
        ("haringey-mtfs-2017", "mismatch"),
        ("haringey-mtfs-2017", "mismatch"),
        ("kent-0-25", "mismatch"),
    ]


def test_reconciling_tables_produce_no_findings(kb: KnowledgeBase) -> None:
    for programme in ("haringey-54000", "harrow-ics-2011"):
        assert audit_knowledge_base(kb, programme) == []


def _table(rows: list[TableRow], total_column: str | None = "Total") -> Table:
    columns = ("2014-15", "2015-16", "Total") if total_column else ("2014-15", "2015-16")
    return Table(
        "p",
        "t",
        "Test table",
        "GBP k",
        columns,
        columns,
        total_column,
        True,
        None,
        tuple(rows),
        Source("p", "Paper", "table 1"),
    )


def _row(label: str, cells: list[str], kind: str = "part", of: tuple[str, ...] = ()) -> TableRow:
    return TableRow(label, kind, of, "savings", "", None, None, tuple(cells))


def test_a_changed_cell_is_found_by_computation_not_by_a_list() -> None:
    good = _table(
        [
            _row("A", ["10", "20", "30"]),
            _row("B", ["1", "2", "3"]),
            _row("Total", ["11", "22", "33"], "sum"),
        ]
    )
    assert audit_tables([good]) == []
    slipped = replace(good, rows=(*good.rows[:2], _row("Total", ["11", "23", "34"], "sum")))
    what = sorted(f.what for f in audit_tables([slipped]))
    assert len(what) == 2  # the 2015-16 column and the Total column; the row itself adds up
    assert any("column 2015-16" in w and "prints 23" in w and "add up to 22" in w for w in what)


def test_difference_and_running_rows_are_recomputed() -> None:
    table = _table(
        [
            _row("Benefits", ["100", "50"], "item"),
            _row("Cost", ["30", ""], "item"),
            _row("Net", ["70", "60"], "difference", ("Benefits", "Cost")),
            _row("Cumulative", ["70", "120"], "running", ("Net",)),
        ],
        total_column=None,
    )
    found = sorted((f.check, f.stated, f.computed) for f in audit_tables([table]))
    assert found == [
        ("cumulative", Decimal(120), Decimal(130)),
        ("difference", Decimal(60), Decimal(50)),
    ]


def test_a_target_printed_coarser_than_its_lines_is_met_as_the_audit_reads_it(
    kb: KnowledgeBase,
) -> None:
    """£16.7m against lines of £16,784k: the audit calls 16.7 a rounding of 16.784, so the
    gap calls the target met, not exceeded by £84k."""
    found = savings_gap(kb, "haringey-fom-2015")
    assert found is not None and found.shortfall_k == -84 and found.met
    assert next(f.severity for f in audit_knowledge_base(kb, "haringey-fom-2015")) == "rounding"
