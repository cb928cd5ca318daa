"""Frozen records that queries return, so callers never depend on raw SQLite rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from knowledge.dates import PaperDate

MilestoneKind = Literal["checkpoint", "gateway", "decision", "go-live", "milestone", "review"]
MILESTONE_KINDS: tuple[str, ...] = get_args(MilestoneKind)


@dataclass(frozen=True)
class Source:
    """Where a fact is printed: the paper and the place in it, and whether we derived it."""

    programme_id: str
    document_title: str
    location: str
    basis: str = "stated"
    note: str = ""

    def cite(self) -> str:
        derived = " (derived)" if self.basis == "derived" else ""
        return f"{self.document_title}, {self.location}{derived}"

    def covers(self, other: Source) -> bool:
        """Whether this citation already names the place ``other`` points to (as one of its
        ``;``-separated parts), so an answer need not cite both."""
        return (
            other.document_title == self.document_title
            and other.basis == self.basis
            and other.location in self.location.split("; ")
        )


@dataclass(frozen=True)
class Programme:
    id: str
    council: str
    title: str
    meeting: str
    paper_date: PaperDate | None
    document: str
    document_title: str
    summary: str
    aliases: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Phase:
    programme_id: str
    id: str
    number: int | None
    name: str
    start: PaperDate | None
    end: PaperDate | None
    purpose: str
    source: Source


@dataclass(frozen=True)
class Milestone:
    programme_id: str
    id: str
    kind: str
    date: PaperDate
    title: str
    decides: str
    phase_id: str | None
    source: Source


@dataclass(frozen=True)
class Amount:
    """A number as printed, with its unit; money stays exact (Decimal)."""

    value: Decimal
    unit: str

    def in_thousands(self) -> Decimal:
        """Money in GBP thousands, so amounts printed in different units can be compared."""
        return to_thousands(self.value, self.unit)


MONEY_SCALE_TO_K = {"GBP k": Decimal(1), "GBP m": Decimal(1000), "GBP": Decimal("0.001")}


def to_thousands(value: Decimal, unit: str) -> Decimal:
    if unit not in MONEY_SCALE_TO_K:
        raise ValueError(f"{unit} is not a money unit")
    return value * MONEY_SCALE_TO_K[unit]


@dataclass(frozen=True)
class BreakdownItem:
    name: str
    amount: Amount
    source: Source


@dataclass(frozen=True)
class Proposal:
    programme_id: str
    id: str
    ref: str | None
    name: str
    aliases: tuple[str, ...]
    service_area: str
    officer: str
    saving_type: str
    rag: str | None
    current_budget: str
    budget_unit: str
    staff: str
    staff_change: tuple[tuple[str, Decimal], ...]
    description: str
    payback: str
    breakdown: tuple[BreakdownItem, ...]
    source: Source

    @property
    def label(self) -> str:
        return f"{self.ref} {self.name}" if self.ref else self.name


@dataclass(frozen=True)
class Figure:
    """A named number: a figure printed in the text, or one cell of a printed table."""

    programme_id: str
    id: str
    measure: str
    subject: str
    period: str
    scenario: str
    amount: Amount
    description: str
    proposal_id: str | None
    phase_id: str | None
    table_id: str | None
    source: Source


@dataclass(frozen=True)
class TableRow:
    label: str
    kind: str
    of: tuple[str, ...]
    measure: str
    scenario: str
    proposal_id: str | None
    phase_id: str | None
    cells: tuple[str, ...]
    note: str = ""

    def number(self, index: int) -> Decimal | None:
        """The cell as a number: a dash or blank counts as nothing printed (None)."""
        return cell_number(self.cells[index])


def cell_number(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").strip()
    if cleaned in {"", "-"}:
        return None
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


@dataclass(frozen=True)
class Table:
    programme_id: str
    id: str
    title: str
    unit: str
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]
    total_column: str | None
    figures: bool
    proposal_id: str | None
    rows: tuple[TableRow, ...]
    source: Source

    def row(self, label: str) -> TableRow | None:
        return next((r for r in self.rows if r.label == label), None)


@dataclass(frozen=True)
class Finding:
    """One place where the paper's printed arithmetic does not match its own parts."""

    programme_id: str
    check: str
    what: str
    stated: Decimal
    computed: Decimal
    unit: str
    source: Source
    severity: str = "mismatch"
    subject: str = ""

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


@dataclass(frozen=True)
class YearSavings:
    """A proposal's (or programme's) savings by financial year, with totals as printed."""

    by_year: tuple[tuple[str, Decimal], ...]
    stated_total: Decimal | None
    unit: str
    sources: tuple[Source, ...] = field(default=())

    @property
    def computed_total(self) -> Decimal:
        return sum((v for _, v in self.by_year), Decimal(0))
