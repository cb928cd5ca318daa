"""A programme file (``knowledge/sources/<id>.toml``) described once, as typed records.

These models are the single description of the format: ``knowledge.source_files`` validates files
with them and turns their errors into problems a programme officer can act on, ``knowledge.build``
writes its rows from them, and a test checks that ``FORMAT.md`` documents every field. Checks
within one record are validators here; checks between records (unique ids, references) need the
whole file and live in ``knowledge.source_files``.

Messages are written for the person editing the TOML, so the small validators below raise their
own wording (``"abc" is not a number``) rather than pydantic's (``Input should be ...``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainValidator,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from knowledge.dates import (
    BadDate,
    BadFinancialYear,
    PaperDate,
    looks_like_financial_year,
    parse_financial_year,
)
from knowledge.model import MilestoneKind

Unit = Literal[
    "GBP k", "GBP m", "GBP", "%", "ratio", "count", "FTE", "years", "quarters", "months", "weeks", "EUR"
]  # fmt: skip
Rag = Literal["red", "amber", "green", "blue"]
RowKind = Literal["part", "sum", "difference", "running", "item"]
Yearly = Literal["increments", "levels"]
Basis = Literal["stated", "derived"]


def shown(value: object) -> str:
    """A value as the programme officer typed it: text in quotes, TOML's true/false and dates."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):  # an unquoted TOML date
        return value.isoformat()
    return repr(value)


def _problem(kind: str, message: str, **context: object) -> PydanticCustomError:
    """An error in our words. Values go in ``context``, never into ``message`` itself, because
    pydantic treats ``{...}`` in a message as a placeholder and a typed value may contain braces."""
    return PydanticCustomError(kind, message, context)


def _number(value: object, complaint: str = "is not a number") -> Decimal:
    """Ints and TOML decimals, as exact Decimals; never a bool (``true`` is not 1) or text."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise _problem("number", "{value} " + complaint, value=shown(value))


def _number_or_text(value: object) -> Decimal | str:
    return value if isinstance(value, str) else _number(value, "must be a number or text")


def _cell(value: object) -> Decimal | str:
    return value if isinstance(value, str) else _number(value, 'must be a number, "-", "" or text')


def _filled(text: str) -> str:
    if not text.strip():
        raise _problem("empty", "is empty")
    return text


def _paper_date(value: object) -> PaperDate:
    if not isinstance(value, str):
        message = '{value} is not a date in quotes (e.g. "2014-09")'
        raise _problem("date_type", message, value=shown(value))
    try:
        return PaperDate.parse(value)
    except BadDate as error:
        raise _problem("date", "{reason}", reason=str(error)) from None


def _financial_year(text: str) -> str:
    """A financial year, already in the one form the queries and answers use (``2014-15``)."""
    try:
        canonical = parse_financial_year(text)
    except BadFinancialYear as error:
        raise _problem("financial_year", "{reason}", reason=str(error)) from None
    if canonical != text:
        message = "write the financial year as {value}"
        raise _problem("financial_year_form", message, value=shown(canonical))
    return text


def _sign(value: object) -> Literal[1, -1]:
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, -1):
        return 1 if value == 1 else -1
    raise _problem("sign", "must be 1 or -1")


def _texts(value: object, complaint: str) -> tuple[str, ...]:
    """A list of text, one message for the whole list: the list, not an item, is what is wrong."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise _problem("texts", complaint)


def _row_of(value: object) -> tuple[str, ...] | str:
    if isinstance(value, str):
        return value
    return _texts(value, "must be a row label or a list of row labels")


def _figure_refs(value: object) -> tuple[str, ...]:
    return _texts(value, "must be a list of figure ids or table cells")


def _columns(columns: tuple[str, ...]) -> tuple[str, ...]:
    if not columns:
        raise _problem("columns", "must be a non-empty list of column names")
    return columns


Number = Annotated[Decimal, PlainValidator(_number)]
NumberOrText = Annotated[Decimal | str, PlainValidator(_number_or_text)]
Cell = Annotated[Decimal | str, PlainValidator(_cell)]
FilledText = Annotated[str, AfterValidator(_filled)]
Date = Annotated[PaperDate, PlainValidator(_paper_date)]
FinancialYear = Annotated[str, AfterValidator(_financial_year)]
Sign = Annotated[Literal[1, -1], PlainValidator(_sign)]
RowOf = Annotated[tuple[str, ...] | str, PlainValidator(_row_of)]
FigureRefs = Annotated[tuple[str, ...], PlainValidator(_figure_refs)]
Columns = Annotated[tuple[str, ...], AfterValidator(_columns)]


def _raise_all(model: type[BaseModel], errors: list[InitErrorDetails]) -> None:
    """Report every problem one record validator found, each at its own place.

    A validator normally stops at its first error. pydantic-core keeps the line errors and their
    locations of a ValidationError raised inside a validator (pydantic-core#510), so a table can
    report every row whose cells do not fit its columns in one run.
    """
    if errors:
        raise ValidationError.from_exception_data(model.__name__, errors)


def _error_at(
    loc: tuple[str | int, ...], kind: str, message: str, value: object
) -> InitErrorDetails:
    return InitErrorDetails(type=_problem(kind, message, value=shown(value)), loc=loc, input=value)


class Record(BaseModel):
    """Every record: an unknown key is an error, since a misspelt key would silently drop a fact."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Record):
    """A record that says where in the paper it is printed, and whether we worked it out."""

    source: FilledText
    basis: Basis = "stated"
    note: str = ""


class ProgrammeInfo(Sourced):
    """``[programme]``: which paper the file transcribes."""

    id: FilledText
    council: FilledText
    title: FilledText
    meeting: str = ""
    paper_date: Date | None = None
    document: FilledText
    document_title: FilledText
    aliases: tuple[str, ...] = ()
    summary: str = ""


class PhaseEntry(Sourced):
    """``[[phases]]``: a stage of the programme; either date may be missing from the paper."""

    id: FilledText
    number: StrictInt | None = None
    name: FilledText
    start: Date | None = None
    end: Date | None = None
    purpose: str = ""

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: PaperDate | None, info: ValidationInfo) -> PaperDate | None:
        start = info.data.get("start")
        if end is not None and start is not None and end.first_day() < start.first_day():
            message = "{end} is before the start {start}"
            raise _problem("order", message, end=end.iso, start=start.iso)
        return end


class MilestoneEntry(Sourced):
    """``[[milestones]]``: a dated event the board plans around (gateways, decisions)."""

    id: FilledText
    kind: MilestoneKind
    date: Date
    title: FilledText
    decides: str = ""
    phase: str | None = None


class BreakdownEntry(Sourced):
    """``[[proposals.breakdown]]``: one component of a proposal's saving."""

    name: FilledText
    value: Number
    unit: Unit = "GBP k"


class ProposalEntry(Sourced):
    """``[[proposals]]``: a savings proposal; its savings by year come from table rows."""

    id: FilledText
    ref: str | None = None
    name: FilledText
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    service_area: str = ""
    officer: str = ""
    saving_type: str = ""
    rag: Rag | None = None
    current_budget: NumberOrText | None = None
    budget_unit: Unit = "GBP k"
    staff: NumberOrText | None = None
    staff_change: dict[FinancialYear, Number] = {}
    description: str = ""
    payback: str = ""
    breakdown: tuple[BreakdownEntry, ...] = ()


class RowEntry(Record):
    """``[[tables.rows]]``: one printed row; its place in the paper is the table's ``source``."""

    label: FilledText
    values: tuple[Cell, ...]
    kind: RowKind = "part"
    of: RowOf | None = None
    measure: str = ""
    scenario: str = ""
    proposal: str | None = None
    phase: str | None = None
    sign: Sign = 1
    note: str = ""

    @model_validator(mode="after")
    def _of_fits_kind(self) -> Self:
        if self.kind == "difference" and not (isinstance(self.of, tuple) and len(self.of) == 2):
            message = "a difference row needs of = [row label, row label]"
            _raise_all(type(self), [_error_at(("of",), "of", message, self.of)])
        if self.kind == "running" and not isinstance(self.of, str):
            message = "a running row needs of = the label of a row of this table"
            _raise_all(type(self), [_error_at(("of",), "of", message, self.of)])
        return self

    def of_labels(self) -> tuple[str, ...]:
        """The rows this row is worked out from (none unless it is a difference or running row)."""
        if self.kind == "difference" and isinstance(self.of, tuple):
            return self.of
        if self.kind == "running" and isinstance(self.of, str):
            return (self.of,)
        return ()


class TableEntry(Sourced):
    """``[[tables]]``: a table as printed, so the audit can recompute its totals."""

    id: FilledText
    title: FilledText
    unit: Unit
    columns: Columns
    column_labels: tuple[str, ...] | None = None
    total_column: str | None = None
    yearly: Yearly | None = None
    figures: StrictBool = True
    proposal: str | None = None
    rows: tuple[RowEntry, ...] = ()

    @field_validator("column_labels")
    @classmethod
    def _one_label_per_column(
        cls, labels: tuple[str, ...] | None, info: ValidationInfo
    ) -> tuple[str, ...] | None:
        columns = info.data.get("columns")
        if labels is not None and columns is not None and len(labels) != len(columns):
            raise _problem("labels", "must list {n} headings, one per column", n=len(columns))
        return labels

    @field_validator("total_column")
    @classmethod
    def _total_is_a_column(cls, total: str | None, info: ValidationInfo) -> str | None:
        columns = info.data.get("columns")
        if total is not None and columns is not None and total not in columns:
            raise _problem("total_column", "{value} is not one of the columns", value=shown(total))
        return total

    @model_validator(mode="after")
    def _years_say_what_they_mean(self) -> Self:
        """A table with a column per financial year must say how its years add up: the
        same cells read as yearly increases or as each year's amount give different totals."""
        if self.yearly is None and any(looks_like_financial_year(c) for c in self.columns):
            message = 'a table with financial-year columns needs yearly = "increments" or "levels"'
            _raise_all(type(self), [_error_at(("yearly",), "yearly", message, None)])
        return self

    @model_validator(mode="after")
    def _rows_fit_the_table(self) -> Self:
        labels = {row.label for row in self.rows}
        errors = []
        for j, row in enumerate(self.rows):
            if len(row.values) != len(self.columns):
                message = f"has {len(row.values)} cells; the table has {len(self.columns)} columns"
                errors.append(_error_at(("rows", j, "values"), "cells", message, row.values))
            errors += [
                _error_at(("rows", j, "of"), "of", "{value} is not a row of this table", name)
                for name in row.of_labels()
                if name not in labels
            ]
        _raise_all(type(self), errors)
        return self

    def labels(self) -> tuple[str, ...]:
        """The printed column headings: ``column_labels`` where given, else the column names."""
        return self.column_labels if self.column_labels is not None else self.columns


class FigureEntry(Sourced):
    """``[[figures]]``: any other number a board member may ask about."""

    id: FilledText
    measure: FilledText
    subject: str = ""
    period: str = ""
    scenario: str = ""
    value: Number
    unit: Unit
    sum_of: FigureRefs = ()
    ratio_of: FigureRefs = ()
    phase: str | None = None
    proposal: str | None = None
    description: str = ""

    @field_validator("ratio_of")
    @classmethod
    def _numerator_and_denominator(cls, refs: tuple[str, ...]) -> tuple[str, ...]:
        if len(refs) != 2:
            raise _problem("ratio_of", "must name exactly a numerator and a denominator")
        return refs


class ProgrammeFile(Record):
    """One whole programme file, as ``tomllib`` reads it with ``parse_float=Decimal``."""

    programme: ProgrammeInfo
    phases: tuple[PhaseEntry, ...] = ()
    milestones: tuple[MilestoneEntry, ...] = ()
    proposals: tuple[ProposalEntry, ...] = ()
    tables: tuple[TableEntry, ...] = ()
    figures: tuple[FigureEntry, ...] = ()
