"""Find, read and check the programme files, reporting every problem in every file at once.

A programme officer fixes a file in one pass, so each problem names the file, the place
(``proposals[3].rag``, ``tables[0].rows[2].values``) and the reason. The shape of a file is
``knowledge.programme_file``'s; this module turns pydantic's errors into those problems and adds the
checks no schema can express: ids unique per kind, references to ids and table cells that exist,
and a programme id that matches the file name. Those run once a file's records are well-formed, so
a misspelt record does not also flood the report with references to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Protocol, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from knowledge.freshness import DEFAULT_SOURCES_DIR, source_files
from knowledge.programme_file import ProgrammeFile, TableEntry, shown
from knowledge.toml_files import Parsed, parse_all, parse_toml


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


@dataclass(frozen=True)
class ProgrammeSource:
    """One programme file that passed every check, typed and ready to be written to SQLite."""

    path: Path
    programme_file: ProgrammeFile

    @property
    def id(self) -> str:
        return self.programme_file.programme.id


def parse_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse one TOML file; decimals are read exactly, never as binary floats."""
    return _with_problem(path, parse_toml(path))


def _with_problem(path: Path, parsed: Parsed) -> tuple[dict[str, Any] | None, list[Problem]]:
    data, failure = parsed
    return data, [Problem(path.name, "", failure)] if failure else []


def check_programme(data: dict[str, Any], file: str) -> tuple[ProgrammeFile | None, list[Problem]]:
    """One parsed file as typed records, or None with every problem found in it."""
    try:
        programme_file = ProgrammeFile.model_validate(data)
    except ValidationError as error:
        return None, [_problem(file, details) for details in error.errors(include_url=False)]
    problems = reference_problems(programme_file, file)
    return (None if problems else programme_file), problems


def load_sources(directory: Path = DEFAULT_SOURCES_DIR) -> list[ProgrammeSource]:
    """Every programme file in ``directory``, checked; raises SourceError listing all problems."""
    files = source_files(directory)
    if not files:
        raise SourceError([Problem(str(directory), "", "no programme files (*.toml) found")])
    problems: list[Problem] = []
    sources: list[ProgrammeSource] = []
    for path, parsed in zip(files, parse_all(files), strict=True):
        source, found = _checked(path, parsed)
        problems += found
        if source is not None:
            sources.append(source)
    if problems:
        raise SourceError(problems)
    return sources


def check_file(path: Path) -> tuple[ProgrammeSource | None, list[Problem]]:
    """One programme file read and checked: the typed file, or every problem in it."""
    return _checked(path, parse_toml(path))


def _checked(path: Path, parsed: Parsed) -> tuple[ProgrammeSource | None, list[Problem]]:
    data, found = _with_problem(path, parsed)
    if data is None:
        return None, found
    programme_file, found = check_programme(data, path.name)
    return (ProgrammeSource(path, programme_file) if programme_file else None), found


# --- pydantic's errors as problems -------------------------------------------------------------


def _problem(file: str, details: ErrorDetails) -> Problem:
    loc, kind, value = details["loc"], details["type"], details.get("input")
    if kind in {"missing", "extra_forbidden"}:
        where, record = _locate(loc[:-1])
        key = str(loc[-1])
        if kind == "extra_forbidden":
            allowed = ", ".join(sorted(record.model_fields)) if _is_model(record) else ""
            return Problem(file, where, f'unknown key "{key}" (allowed: {allowed})')
        field = record.model_fields[key].annotation if _is_model(record) else None
        if _is_model(_bare(field)):
            return Problem(file, where, f"missing [{key}] table")
        return Problem(file, where, f'missing required key "{key}"')
    where, annotation = _locate(loc)
    return Problem(file, where, _reason(kind, value, annotation, details["msg"], loc))


def _reason(kind: str, value: object, annotation: Any, message: str, loc: tuple[Any, ...]) -> str:
    """Our wording for pydantic's built-in errors; our own validators already speak for
    themselves, and anything else keeps pydantic's message."""
    if kind == "string_type":
        return f"{shown(value)} is not text"
    if kind == "bool_type":
        return f"{shown(value)} must be true or false"
    if kind == "int_type":
        return f"{shown(value)} is not a whole number"
    if kind == "literal_error":
        choices = ", ".join(str(choice) for choice in get_args(annotation))
        return f"{shown(value)} is not one of {choices}"
    if kind in {"list_type", "tuple_type"}:
        item = _bare(get_args(annotation)[0]) if get_args(annotation) else None
        if _is_model(item):
            return f"must be an array of tables ([[{loc[-1]}]])"
        return "must be a list of text" if item is str else "must be a list"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "must be a table"
    return message


def _locate(loc: Iterable[int | str]) -> tuple[str, Any]:
    """A pydantic location as the file's place (``tables[0].rows[2].values``) and the type there.

    Walking the models' annotations tells a field name (``.rag``) from a table key
    (``staff_change["2017-18"]``), and gives the record whose keys an error lists."""
    where, annotation = "", ProgrammeFile
    for part in loc:
        annotation = _bare(annotation)
        if isinstance(part, int):
            where, annotation = f"{where}[{part}]", get_args(annotation)[0]
        elif _is_model(annotation) and part in annotation.model_fields:
            dot = "." if where else ""
            where, annotation = f"{where}{dot}{part}", annotation.model_fields[part].annotation
        elif get_origin(annotation) is dict:
            where, annotation = f'{where}["{part}"]', get_args(annotation)[1]
        # anything else ("[key]" after a table key) names no further place
    return where, _bare(annotation)


def _bare(annotation: Any) -> Any:
    """The type itself, without ``Annotated[...]`` validators or ``| None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in {Union, UnionType} and NoneType in get_args(annotation):
            annotation = next(a for a in get_args(annotation) if a is not NoneType)
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


# --- checks between records --------------------------------------------------------------------


def reference_problems(programme_file: ProgrammeFile, file: str) -> list[Problem]:
    """The checks that need the whole file: unique ids, references that resolve, the file name."""
    problems: list[Problem] = []

    def add(where: str, reason: str) -> None:
        problems.append(Problem(file, where, reason))

    def refer(value: str | None, where: str, ids: set[str], what: str) -> None:
        if value is not None and value not in ids:
            add(where, f"{shown(value)} is not a {what} id in this file")

    expected = Path(file).stem
    if programme_file.programme.id != expected:
        add(
            "programme.id", f'"{programme_file.programme.id}" must match the file name "{expected}"'
        )
    phases = _unique_ids(add, "phases", programme_file.phases)
    _unique_ids(add, "milestones", programme_file.milestones)
    proposals = _unique_ids(add, "proposals", programme_file.proposals)
    _unique_ids(add, "tables", programme_file.tables)
    figures = _unique_ids(add, "figures", programme_file.figures)
    for i, milestone in enumerate(programme_file.milestones):
        refer(milestone.phase, f"milestones[{i}].phase", phases, "phase")
    for i, table in enumerate(programme_file.tables):
        refer(table.proposal, f"tables[{i}].proposal", proposals, "proposal")
        for j, row in enumerate(table.rows):
            refer(row.proposal, f"tables[{i}].rows[{j}].proposal", proposals, "proposal")
            refer(row.phase, f"tables[{i}].rows[{j}].phase", phases, "phase")
    tables = {table.id: table for table in programme_file.tables}
    for i, figure in enumerate(programme_file.figures):
        refer(figure.phase, f"figures[{i}].phase", phases, "phase")
        refer(figure.proposal, f"figures[{i}].proposal", proposals, "proposal")
        for key, refs in (("sum_of", figure.sum_of), ("ratio_of", figure.ratio_of)):
            for j, ref in enumerate(refs):
                reason = _figure_ref_problem(ref, figures, tables)
                if reason:
                    add(f"figures[{i}].{key}[{j}]", reason)
    return problems


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _unique_ids(
    add: Callable[[str, str], None], kind: str, records: Iterable[_Identified]
) -> set[str]:
    seen: set[str] = set()
    for i, record in enumerate(records):
        if record.id in seen:
            add(f"{kind}[{i}].id", f'"{record.id}" is used twice')
        seen.add(record.id)
    return seen


def _figure_ref_problem(ref: str, figure_ids: set[str], tables: dict[str, TableEntry]) -> str:
    """Why ``ref`` (a figure id, or a ``table-id:row label:column`` cell) names nothing, or ""."""
    if ":" not in ref:
        return "" if ref in figure_ids else f"{shown(ref)} is not a figure id in this file"
    parts = ref.split(":")
    if len(parts) != 3:
        return f'{shown(ref)} must be "table-id:row label:column"'
    table_id, label, column = parts
    table = tables.get(table_id)
    if table is None:
        return f'{shown(ref)}: no table "{table_id}"'
    if not any(row.label == label for row in table.rows):
        return f'{shown(ref)}: table "{table_id}" has no row "{label}"'
    if column not in table.columns:
        return f'{shown(ref)}: table "{table_id}" has no column "{column}"'
    return ""
