"""Read and validate the human-edited programme files (``knowledge/sources/*.toml``).

Validation reports every problem at once, each naming the file, the place and the reason, so a
programme officer can fix a file in one pass instead of one error per run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from knowledge.dates import BadDate, BadFinancialYear, PaperDate, parse_financial_year
from knowledge.model import MILESTONE_KINDS

DEFAULT_SOURCES_DIR = Path(__file__).resolve().parent / "sources"

RAGS = ("red", "amber", "green", "blue")
ROW_KINDS = ("part", "sum", "difference", "running", "item")
BASES = ("stated", "derived")
UNITS = (
    "GBP k",
    "GBP m",
    "GBP",
    "%",
    "ratio",
    "count",
    "FTE",
    "years",
    "quarters",
    "months",
    "weeks",
    "EUR",
)


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.reason}"
            if self.where
            else f"{self.file}: {self.reason}"
        )


class SourceError(Exception):
    """The source files have problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ProgrammeSource:
    """One validated programme file: plain data, ready to be written to SQLite."""

    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["programme"]["id"])


def is_number(value: object) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


@dataclass
class _Checker:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, reason: str) -> None:
        self.problems.append(Problem(self.file, where, reason))

    def text(self, record: dict[str, Any], key: str, where: str, required: bool = False) -> None:
        if key not in record:
            if required:
                self.add(where, f'missing required key "{key}"')
            return
        value = record[key]
        if not isinstance(value, str):
            self.add(f"{where}.{key}", f"{_show(value)} is not text")
        elif required and not value.strip():
            self.add(f"{where}.{key}", "is empty")

    def number(self, record: dict[str, Any], key: str, where: str, required: bool = False) -> None:
        if key not in record:
            if required:
                self.add(where, f'missing required key "{key}"')
            return
        if not is_number(record[key]):
            self.add(f"{where}.{key}", f"{_show(record[key])} is not a number")

    def date(self, record: dict[str, Any], key: str, where: str, required: bool = False) -> None:
        if key not in record:
            if required:
                self.add(where, f'missing required key "{key}"')
            return
        value = record[key]
        if not isinstance(value, str):
            self.add(f"{where}.{key}", f'{_show(value)} is not a date in quotes (e.g. "2014-09")')
            return
        try:
            PaperDate.parse(value)
        except BadDate as error:
            self.add(f"{where}.{key}", str(error))

    def choice(
        self,
        record: dict[str, Any],
        key: str,
        where: str,
        options: tuple[str, ...],
        required: bool = False,
    ) -> None:
        if key not in record:
            if required:
                self.add(where, f'missing required key "{key}"')
            return
        if record[key] not in options:
            self.add(f"{where}.{key}", f"{_show(record[key])} is not one of {', '.join(options)}")

    def text_list(self, record: dict[str, Any], key: str, where: str) -> None:
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{where}.{key}", "must be a list of text")

    def known_keys(self, record: dict[str, Any], where: str, allowed: set[str]) -> None:
        for key in record:
            if key not in allowed:
                self.add(where, f'unknown key "{key}" (allowed: {", ".join(sorted(allowed))})')

    def common(self, record: dict[str, Any], where: str) -> None:
        self.text(record, "source", where, required=True)
        self.choice(record, "basis", where, BASES)
        self.text(record, "note", where)


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value) if not isinstance(value, Decimal) else str(value)


def _records(
    checker: _Checker, data: dict[str, Any], key: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        checker.add(key, "must be an array of tables ([[" + key + "]])")
        return
    for index, record in enumerate(value):
        if not isinstance(record, dict):
            checker.add(f"{key}[{index}]", "must be a table")
            continue
        yield index, record


COMMON = {"source", "basis", "note"}
PROGRAMME_KEYS = COMMON | {
    "id",
    "council",
    "title",
    "meeting",
    "paper_date",
    "document",
    "document_title",
    "aliases",
    "summary",
}
PHASE_KEYS = COMMON | {"id", "number", "name", "start", "end", "purpose"}
MILESTONE_KEYS = COMMON | {"id", "kind", "date", "title", "decides", "phase"}
PROPOSAL_KEYS = COMMON | {
    "id",
    "ref",
    "name",
    "aliases",
    "service_area",
    "officer",
    "saving_type",
    "rag",
    "current_budget",
    "budget_unit",
    "staff",
    "staff_change",
    "description",
    "payback",
    "breakdown",
}
BREAKDOWN_KEYS = COMMON | {"name", "value", "unit"}
TABLE_KEYS = COMMON | {
    "id",
    "title",
    "unit",
    "columns",
    "column_labels",
    "total_column",
    "figures",
    "proposal",
    "rows",
}
ROW_KEYS = {
    "label",
    "values",
    "kind",
    "of",
    "measure",
    "scenario",
    "proposal",
    "phase",
    "sign",
    "note",
}
FIGURE_KEYS = COMMON | {
    "id",
    "measure",
    "subject",
    "period",
    "scenario",
    "value",
    "unit",
    "sum_of",
    "ratio_of",
    "phase",
    "proposal",
    "description",
}
TOP_KEYS = {"programme", "phases", "milestones", "proposals", "tables", "figures"}


def validate_programme(data: dict[str, Any], file: str) -> list[Problem]:
    """Every problem in one parsed programme file."""
    check = _Checker(file)
    check.known_keys(data, "", TOP_KEYS)
    programme = data.get("programme")
    if not isinstance(programme, dict):
        check.add("programme", "missing [programme] table")
    else:
        _check_programme(check, programme, file)
    phase_ids = _check_unique(check, data, "phases")
    proposal_ids = _check_unique(check, data, "proposals")
    _check_unique(check, data, "milestones")
    _check_unique(check, data, "tables")
    figure_ids = _check_unique(check, data, "figures")

    for i, phase in _records(check, data, "phases"):
        where = f"phases[{i}]"
        check.known_keys(phase, where, PHASE_KEYS)
        check.text(phase, "id", where, required=True)
        check.text(phase, "name", where, required=True)
        check.number(phase, "number", where)
        check.date(phase, "start", where)
        check.date(phase, "end", where)
        check.text(phase, "purpose", where)
        check.common(phase, where)
        _check_order(check, phase, where)

    for i, milestone in _records(check, data, "milestones"):
        where = f"milestones[{i}]"
        check.known_keys(milestone, where, MILESTONE_KEYS)
        check.text(milestone, "id", where, required=True)
        check.choice(milestone, "kind", where, MILESTONE_KINDS, required=True)
        check.date(milestone, "date", where, required=True)
        check.text(milestone, "title", where, required=True)
        check.text(milestone, "decides", where)
        _check_ref(check, milestone, "phase", where, phase_ids, "phase")
        check.common(milestone, where)

    for i, proposal in _records(check, data, "proposals"):
        _check_proposal(check, proposal, f"proposals[{i}]")

    tables = {t.get("id"): t for _, t in _records(check, data, "tables")}
    for i, table in _records(check, data, "tables"):
        _check_table(check, table, f"tables[{i}]", proposal_ids, phase_ids)

    for i, figure in _records(check, data, "figures"):
        where = f"figures[{i}]"
        check.known_keys(figure, where, FIGURE_KEYS)
        check.text(figure, "id", where, required=True)
        check.text(figure, "measure", where, required=True)
        for key in ("subject", "scenario", "description"):
            check.text(figure, key, where)
        _check_period(check, figure, where)
        check.number(figure, "value", where, required=True)
        check.choice(figure, "unit", where, UNITS, required=True)
        _check_ref(check, figure, "phase", where, phase_ids, "phase")
        _check_ref(check, figure, "proposal", where, proposal_ids, "proposal")
        for key in ("sum_of", "ratio_of"):
            refs = figure.get(key)
            if refs is None:
                continue
            if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                check.add(f"{where}.{key}", "must be a list of figure ids or table cells")
                continue
            if key == "ratio_of" and len(refs) != 2:
                check.add(f"{where}.{key}", "must name exactly a numerator and a denominator")
            for j, ref in enumerate(refs):
                reason = _figure_ref_problem(ref, figure_ids, tables)
                if reason:
                    check.add(f"{where}.{key}[{j}]", reason)
        check.common(figure, where)
    return check.problems


def _check_programme(check: _Checker, programme: dict[str, Any], file: str) -> None:
    where = "programme"
    check.known_keys(programme, where, PROGRAMME_KEYS)
    for key in ("id", "council", "title", "document", "document_title"):
        check.text(programme, key, where, required=True)
    for key in ("meeting", "summary"):
        check.text(programme, key, where)
    check.date(programme, "paper_date", where)
    check.text_list(programme, "aliases", where)
    check.common(programme, where)
    expected = Path(file).stem
    if isinstance(programme.get("id"), str) and programme["id"] != expected:
        check.add(f"{where}.id", f'"{programme["id"]}" must match the file name "{expected}"')


def _check_proposal(check: _Checker, proposal: dict[str, Any], where: str) -> None:
    check.known_keys(proposal, where, PROPOSAL_KEYS)
    check.text(proposal, "id", where, required=True)
    check.text(proposal, "name", where, required=True)
    for key in ("ref", "service_area", "officer", "saving_type", "description", "payback"):
        check.text(proposal, key, where)
    check.text_list(proposal, "aliases", where)
    check.choice(proposal, "rag", where, RAGS)
    check.choice(proposal, "budget_unit", where, UNITS)
    for key in ("current_budget", "staff"):
        if key in proposal and not (is_number(proposal[key]) or isinstance(proposal[key], str)):
            check.add(f"{where}.{key}", f"{_show(proposal[key])} must be a number or text")
    change = proposal.get("staff_change", {})
    if not isinstance(change, dict):
        check.add(f"{where}.staff_change", "must be a table of financial year = number")
    else:
        for year, value in change.items():
            _check_year(check, year, f'{where}.staff_change["{year}"]')
            if not is_number(value):
                check.add(f'{where}.staff_change["{year}"]', f"{_show(value)} is not a number")
    for j, item in _records(check, proposal, "breakdown"):
        item_where = f"{where}.breakdown[{j}]"
        check.known_keys(item, item_where, BREAKDOWN_KEYS)
        check.text(item, "name", item_where, required=True)
        check.number(item, "value", item_where, required=True)
        check.choice(item, "unit", item_where, UNITS)
        check.common(item, item_where)
    check.common(proposal, where)


def _check_table(
    check: _Checker, table: dict[str, Any], where: str, proposal_ids: set[str], phase_ids: set[str]
) -> None:
    check.known_keys(table, where, TABLE_KEYS)
    check.text(table, "id", where, required=True)
    check.text(table, "title", where, required=True)
    check.choice(table, "unit", where, UNITS, required=True)
    check.common(table, where)
    _check_ref(check, table, "proposal", where, proposal_ids, "proposal")
    if "figures" in table and not isinstance(table["figures"], bool):
        check.add(f"{where}.figures", "must be true or false")
    columns = table.get("columns")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        check.add(f"{where}.columns", "must be a non-empty list of column names")
        return
    labels = table.get("column_labels")
    if labels is not None and (not isinstance(labels, list) or len(labels) != len(columns)):
        check.add(f"{where}.column_labels", f"must list {len(columns)} headings, one per column")
    total = table.get("total_column")
    if total is not None and total not in columns:
        check.add(f"{where}.total_column", f"{_show(total)} is not one of the columns")
    row_labels = [r.get("label") for r in table.get("rows", []) if isinstance(r, dict)]
    for j, row in _records(check, table, "rows"):
        row_where = f"{where}.rows[{j}]"
        check.known_keys(row, row_where, ROW_KEYS)
        check.text(row, "label", row_where, required=True)
        check.choice(row, "kind", row_where, ROW_KINDS)
        for key in ("measure", "scenario", "note"):
            check.text(row, key, row_where)
        _check_ref(check, row, "proposal", row_where, proposal_ids, "proposal")
        _check_ref(check, row, "phase", row_where, phase_ids, "phase")
        if "sign" in row and row["sign"] not in (1, -1):
            check.add(f"{row_where}.sign", "must be 1 or -1")
        values = row.get("values")
        if not isinstance(values, list):
            check.add(row_where, 'missing "values" list')
        else:
            if len(values) != len(columns):
                check.add(
                    f"{row_where}.values",
                    f"has {len(values)} cells; the table has {len(columns)} columns",
                )
            for k, value in enumerate(values):
                if not (is_number(value) or isinstance(value, str)):
                    check.add(
                        f"{row_where}.values[{k}]",
                        f'{_show(value)} must be a number, "-", "" or text',
                    )
        kind = row.get("kind", "part")
        of = row.get("of")
        if kind == "difference":
            if not (isinstance(of, list) and len(of) == 2):
                check.add(f"{row_where}.of", "a difference row needs of = [row label, row label]")
            else:
                for name in of:
                    if name not in row_labels:
                        check.add(f"{row_where}.of", f"{_show(name)} is not a row of this table")
        elif kind == "running" and (not isinstance(of, str) or of not in row_labels):
            check.add(
                f"{row_where}.of", "a running row needs of = the label of a row of this table"
            )


def _figure_ref_problem(ref: str, figure_ids: set[str], tables: dict[Any, dict[str, Any]]) -> str:
    if ":" not in ref:
        return "" if ref in figure_ids else f"{_show(ref)} is not a figure id in this file"
    parts = ref.split(":")
    if len(parts) != 3:
        return f'{_show(ref)} must be "table-id:row label:column"'
    table_id, label, column = parts
    table = tables.get(table_id)
    if table is None:
        return f'{_show(ref)}: no table "{table_id}"'
    if not any(isinstance(r, dict) and r.get("label") == label for r in table.get("rows", [])):
        return f'{_show(ref)}: table "{table_id}" has no row "{label}"'
    if column not in table.get("columns", []):
        return f'{_show(ref)}: table "{table_id}" has no column "{column}"'
    return ""


def _check_unique(check: _Checker, data: dict[str, Any], key: str) -> set[str]:
    seen: set[str] = set()
    for i, record in _records(check, data, key):
        ident = record.get("id")
        if isinstance(ident, str):
            if ident in seen:
                check.add(f"{key}[{i}].id", f'"{ident}" is used twice')
            seen.add(ident)
    return seen


def _check_ref(
    check: _Checker, record: dict[str, Any], key: str, where: str, ids: set[str], what: str
) -> None:
    if key in record and record[key] not in ids:
        check.add(f"{where}.{key}", f"{_show(record[key])} is not a {what} id in this file")


def _check_year(check: _Checker, year: str, where: str) -> None:
    try:
        if parse_financial_year(year) != year:
            check.add(where, f'write the financial year as "{parse_financial_year(year)}"')
    except BadFinancialYear as error:
        check.add(where, str(error))


def _check_period(check: _Checker, figure: dict[str, Any], where: str) -> None:
    check.text(figure, "period", where)


def _check_order(check: _Checker, phase: dict[str, Any], where: str) -> None:
    try:
        start, end = PaperDate.parse(phase["start"]), PaperDate.parse(phase["end"])
    except (KeyError, BadDate, AttributeError, TypeError):
        return
    if end.first_day() < start.first_day():
        check.add(f"{where}.end", f"{end} is before the start {start}")


def parse_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse one TOML file; decimals are read exactly, never as binary floats."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal), []
    except tomllib.TOMLDecodeError as error:
        return None, [Problem(path.name, "", f"not valid TOML: {error}")]
    except OSError as error:
        return None, [Problem(path.name, "", f"cannot be read: {error.strerror}")]


def source_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.toml"))


def load_sources(
    directory: Path = DEFAULT_SOURCES_DIR,
    checker: Callable[[dict[str, Any], str], list[Problem]] = validate_programme,
) -> list[ProgrammeSource]:
    """Every programme file in ``directory``, validated; raises SourceError listing all problems."""
    problems: list[Problem] = []
    sources: list[ProgrammeSource] = []
    files = source_files(directory)
    if not files:
        raise SourceError([Problem(str(directory), "", "no programme files (*.toml) found")])
    for path in files:
        data, parse_problems = parse_file(path)
        problems.extend(parse_problems)
        if data is None:
            continue
        found = checker(data, path.name)
        problems.extend(found)
        if not found:
            sources.append(ProgrammeSource(path, data))
    if problems:
        raise SourceError(problems)
    return sources
