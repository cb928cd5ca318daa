"""Every table printed in the five papers, as the knowledge base holds it, against the paper.

Expected rows are typed from the papers (blank and dash cells as None), independently of the
source files, so a transcription slip in either shows up here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.queries import KnowledgeBase

N = None
MTFS_YEARS = 5

PRINTED: dict[tuple[str, str], list[tuple[str, list[object]]]] = {
    ("haringey-54000", "phase-costs"): [
        ("2 (Feb to Oct 13)", [786]),
        ("2 Extension (Nov 13 to Dec 13)", [348]),
        ("3 (Jan 14 to Mar 15)", [1514]),
        ("4 (Apr 15 to Mar 16)", [1136]),
        ("Total", [3784]),
    ],
    ("haringey-54000", "costs-by-year"): [
        ("2Ext", [348, 0, 0]),
        ("3", [258, 1256, 0]),
        ("4", [0, 0, 1136]),
        ("Total", [606, 1256, 1136]),
        ("Available Funding", [606, 446, 0]),
        ("GAP", [0, 810, 1136]),
    ],
    ("haringey-fom-2015", "table-1"): [
        (
            "Service Redesign (incorporating the impact of Early Help and social care re-design)",
            [380, 1690, 1500, 3570],
        ),
        ("Young People's Services", [1700, 400, N, 2100]),
        ("Early Years", [220, 1070, 150, 1440]),
    ],
    ("haringey-fom-2015", "table-3"): [
        ("Early Years", [220, 1070, 150, 1440]),
        ("Services for Young People including Young Offenders", [1700, 400, N, 2100]),
        ("Public Health - 5-19 -", [196, 138, 414, 748]),
        ("Impact of Early Help on Demand", [200, 400, 400, 1000]),
        ("New delivery model for Social Care", [180, 1290, 1100, 2570]),
        ("LAC & Sufficiency -", [2000, 2000, 1100, 5100]),
        ("Special Educational Needs & Disabilities", [N, 600, 900, 1500]),
        ("Enablers -", [250, 250, N, 500]),
        ("Services to Schools -", [618, 657, 331, 1606]),
        ("Pendarren (subject to Options Appraisal)", [N, 220, N, 220]),
        ("Total", [5364, 7025, 4395, 16784]),
    ],
    ("haringey-mtfs-2017", "summary"): [
        ("Service Redesign and Workforce", [300, 150, N, N, N, 450]),
        ("Early Help & Targeted Response", [62, 100, N, N, N, 162]),
        ("Family Group Conferencing", [200, 100, N, N, N, 300]),
        ("Family Based Placements", [100, 175, N, N, N, 275]),
        ("Care Leavers - Semi Independent Living", [25, 75, N, N, N, 100]),
        ("Adoption and Special Guardianship Order payments", [150, 148, 310, N, N, 608]),
        ("New Models of Care", [N, 1000, N, N, N, 1000]),
        ("Total", [2762, 1748, 310, N, N, 4820]),
    ],
    ("harrow-ics-2011", "phase-1-savings"): [
        ("Staffing Restructure – New to MTFS", [N, -312, -140, -452]),
        ("Premises costs – New to MTFS", [N, -100, N, -100]),
        (
            "Commissioning & Procurement Savings – Included in procurement target in MTFS",
            [N, -300, N, -300],
        ),
        ("Business Support – Included in MTFS", [N, -202, -205, -407]),
        ("Estimated Savings – Phase 1", [0, -914, -345, -1259]),
    ],
    ("kent-0-25", "savings-profile"): [
        ("Target", ["0.0", "7.6", "16.9", "17.7", "17.7", "59.9"]),
        ("Stretch", ["0.0", "12.1", "27.4", "28.2", "28.2", "95.9"]),
    ],
}

# Proposal sheets of haringey-mtfs-2017: Year 1-5 and Total savings, and the cost-benefit rows
# (benefits, additional cost, net, cumulative) as printed on each sheet.
SHEET_SAVINGS = {
    "1.1": [300, 150, 0, 0, 0, 450],
    "1.2": [62, 100, 0, 0, 0, 162],
    "1.3": [200, 100, 0, 0, 0, 300],
    "1.4": [100, 175, 0, 0, 0, 275],
    "1.5": [25, 75, 0, 0, 0, 100],
    "1.6": [150, 148, 310, 0, 0, 608],
    "1.7": [0, 1000, 0, 0, 0, 1000],
}
CBA = {
    "1.1": ([300, 150, 0, 0, 0], [0, 0, N, N, N], [300, 150, N, N, 0], [300, 450, 450, 450, 450]),
    "1.2": ([62, 100, N, N, N], [N] * 5, [62, 100, N, N, N], [62, 162, 162, 162, 162]),
    "1.3": (
        [330, 160, 0, 0, 0],
        [130, 60, 0, 0, 0],
        [200, 100, 0, 0, 0],
        [200, 300, 300, 300, 300],
    ),
    "1.4": ([100, 175, 0, 0, 0], [N] * 5, [100, 175, 0, 0, 0], [100, 275, 275, 275, 275]),
    "1.5": ([25, 75, N, N, N], [N] * 5, [25, 75, 0, 0, 0], [25, 100, 100, 100, 100]),
    "1.6": ([150, 148, 310, 0, 0], [N] * 5, [150, 148, 310, 0, 0], [150, 298, 608, 608, 608]),
    "1.7": ([N, 1000, N, N, N], [N] * 5, [0, 1000, N, N, N], [0, 1000, 1000, 1000, 1000]),
}


def _expected(values: list[object]) -> list[Decimal | None]:
    return [None if v is None else Decimal(str(v)) for v in values]


@pytest.mark.parametrize(
    ("key", "rows"), PRINTED.items(), ids=lambda v: ":".join(v) if isinstance(v, tuple) else ""
)
def test_printed_table_rows_and_totals_match_the_paper(
    kb: KnowledgeBase, key: tuple[str, str], rows: list[tuple[str, list[object]]]
) -> None:
    table = kb.table(*key)
    assert table is not None, f"{key} missing"
    assert [r.label for r in table.rows] == [label for label, _ in rows]
    for (label, values), row in zip(rows, table.rows, strict=True):
        held = [row.number(i) for i in range(len(table.columns))]
        assert held == _expected(values), f"{key} row {label}"


@pytest.mark.parametrize("ref", sorted(SHEET_SAVINGS))
def test_proposal_sheet_savings_match_the_paper(kb: KnowledgeBase, ref: str) -> None:
    table = kb.table("haringey-mtfs-2017", f"{ref}-sheet")
    assert table is not None
    savings = next(r for r in table.rows if r.measure == "savings")
    assert [savings.number(i) for i in range(MTFS_YEARS + 1)] == _expected(SHEET_SAVINGS[ref])


@pytest.mark.parametrize("ref", sorted(CBA))
def test_cost_benefit_rows_match_the_paper(kb: KnowledgeBase, ref: str) -> None:
    table = kb.table("haringey-mtfs-2017", f"{ref}-cba")
    assert table is not None
    by_measure = {r.measure: r for r in table.rows if r.measure}
    benefits, cost, net, cumulative = CBA[ref]
    for measure, values in (
        ("benefits", benefits),
        ("additional cost", cost),
        ("net benefit", net),
        ("cumulative net benefit", cumulative),
    ):
        row = by_measure[measure]
        assert [row.number(i) for i in range(MTFS_YEARS)] == _expected(values), f"{ref} {measure}"


def test_every_table_of_the_papers_is_checked_here(kb: KnowledgeBase) -> None:
    held = {(t.programme_id, t.id) for t in kb.tables()}
    covered = (
        set(PRINTED)
        | {("haringey-mtfs-2017", f"{r}-sheet") for r in SHEET_SAVINGS}
        | {("haringey-mtfs-2017", f"{r}-cba") for r in CBA}
    )
    assert held == covered


def test_proposal_1_6_breakdown_is_298_250_60(kb: KnowledgeBase) -> None:
    proposal = kb.proposal("haringey-mtfs-2017", "1.6")
    assert proposal is not None
    assert [b.amount.value for b in proposal.breakdown] == [298, 250, 60]
    assert proposal.officer == "AD Safeguarding & Social Care / Head of Children in Care"
    assert proposal.rag == "amber"
    assert proposal.current_budget == "2739"


@pytest.mark.parametrize(
    ("ref", "budget", "staff", "rag"),
    [
        ("1.1", "10601", "545", "amber"),
        ("1.2", "12583", "47", "amber"),
        ("1.3", "30", "n/a", "green"),
        ("1.4", "12583", "147", "amber"),
        ("1.5", "1699", "147", "amber"),
        ("1.6", "2739", "147", "amber"),
        ("1.7", "pooled budgets", "pooled workforce", "red"),
    ],
)
def test_summary_table_budget_staff_and_rag_columns(
    kb: KnowledgeBase, ref: str, budget: str, staff: str, rag: str
) -> None:
    proposal = kb.proposal("haringey-mtfs-2017", ref)
    assert proposal is not None
    assert (proposal.current_budget, proposal.staff, proposal.rag) == (budget, staff, rag)
