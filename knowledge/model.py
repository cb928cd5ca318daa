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
    """One council paper's programme: who wrote it, for which meeting, and what it is called."""

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
    """A stage of a programme, with the dates the paper gives it (either may be missing)."""

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
    """A dated checkpoint, gateway or decision in a programme's plan."""

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
    """One line of what a proposal's saving is made up of."""

    name: str
    amount: Amount
    source: Source


@dataclass(frozen=True)
class Proposal:
    """A savings proposal as its paper sets it out: owner, budget, RAG and breakdown."""

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
    short_name: str = ""

    @property
    def label(self) -> str:
        """How answers name it: the ref and the short name where the paper's name is long."""
        name = self.short_name or self.name
        return f"{self.ref} {name}" if self.ref else name


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
    """A table's row as printed: its cells are text, read as numbers on demand."""

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
    """A table from a paper, rows in printed order, with the unit its figures are in."""

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
    yearly: str | None = None  # "increments" or "levels" for a table with a column per year

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
    cells: tuple[str, ...] = ()  # the figure ids (or "table:row:column" cells) it is about

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


INCREMENTS, LEVELS = "increments", "levels"


@dataclass(frozen=True)
class YearSavings:
    """A proposal's (or programme's) savings by financial year, with totals as printed.

    ``yearly`` says what a year's figure is: ``increments`` (the saving added that year, so
    the years add up to the full-year saving once all is in place) or ``levels`` (what is
    saved in that year, so the years add up to the total saved over them).
    """

    by_year: tuple[tuple[str, Decimal], ...]
    stated_total: Decimal | None
    unit: str
    sources: tuple[Source, ...] = field(default=())
    yearly: str = INCREMENTS
    cells: tuple[tuple[str, str], ...] = ()  # (period or "total", the figure id of its cell)

    @property
    def computed_total(self) -> Decimal:
        return sum((v for _, v in self.by_year), Decimal(0))

    def levels(self) -> tuple[tuple[str, Decimal], ...]:
        """What is saved in each year: the running total of increments, or the levels."""
        return year_levels(self.by_year, self.yearly)


def combined_levels(series: list[YearSavings]) -> dict[str, Decimal]:
    """What several proposals save in each year together: their yearly figures added up by
    year, then (for increments) year on year, so a saving added in one year still counts in
    the years after it where its own row prints nothing."""
    added: dict[str, Decimal] = {}
    for one in series:
        for year, value in one.by_year:
            added[year] = added.get(year, Decimal(0)) + value
    yearly = series[0].yearly if series else LEVELS
    return dict(year_levels(sorted(added.items()), yearly))


def year_levels(
    by_year: tuple[tuple[str, Decimal], ...] | list[tuple[str, Decimal]], yearly: str | None
) -> tuple[tuple[str, Decimal], ...]:
    """Each year's amount from a table's yearly figures (increments add up year on year)."""
    if yearly != INCREMENTS:
        return tuple(by_year)
    running, levels = Decimal(0), []
    for year, value in by_year:
        running += value
        levels.append((year, running))
    return tuple(levels)
