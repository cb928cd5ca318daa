"""FORMAT.md stays in step with the programme file model: adding a field without documenting it
fails here, and so does documenting a key the model does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from knowledge.programme_file import ProgrammeFile
from knowledge.source_files import DEFAULT_SOURCES_DIR

FORMAT = (DEFAULT_SOURCES_DIR / "FORMAT.md").read_text()


def _record_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The record type a field holds, and whether it holds many (``[[...]]``) or one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = get_args(annotation)
    if get_origin(annotation) is tuple and args and isinstance(args[0], type):
        return (args[0], True) if issubclass(args[0], BaseModel) else (None, False)
    return None, False


def record_types() -> dict[str, type[BaseModel]]:
    """Every record type by its TOML header (``[[proposals.breakdown]]``), from the model."""
    found: dict[str, type[BaseModel]] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            record, many = _record_of(field.annotation)
            if record is not None:
                found[f"[[{prefix}{name}]]" if many else f"[{prefix}{name}]"] = record
                walk(record, f"{prefix}{name}.")

    walk(ProgrammeFile, "")
    return found


def sections() -> dict[str, str]:
    """FORMAT.md's text under each heading that names a TOML header, up to the next heading."""
    found: dict[str, str] = {}
    header = None
    for line in FORMAT.splitlines():
        if line.startswith("#"):
            match = re.search(r"`(\[[^`]+\])`", line)
            header = match[1] if match else None
            if header:
                found[header] = ""
        elif header:
            found[header] += line + "\n"
    return found


RECORDS = record_types()
SECTIONS = sections()


def literal_values(annotation: Any) -> Iterator[object]:
    if get_origin(annotation) is Literal:
        yield from get_args(annotation)
    else:
        for arg in get_args(annotation):
            yield from literal_values(arg)


def test_every_record_type_has_a_section_and_every_section_a_record_type() -> None:
    assert sorted(SECTIONS) == sorted(RECORDS)


@pytest.mark.parametrize(
    ("header", "field"),
    [(header, field) for header, model in RECORDS.items() for field in model.model_fields],
)
def test_every_field_is_named_in_its_record_section(header: str, field: str) -> None:
    assert f"`{field}`" in SECTIONS[header]


@pytest.mark.parametrize("header", sorted(RECORDS))
def test_every_key_a_section_lists_is_a_field_of_its_record(header: str) -> None:
    listed = {
        key
        for line in SECTIONS[header].splitlines()
        if line.startswith("| `")
        for key in re.findall(r"`([a-z_]+)`", line.split("|")[1])
    }
    assert listed - set(RECORDS[header].model_fields) == set()


@pytest.mark.parametrize(
    "value",
    sorted(
        {
            value
            for model in RECORDS.values()
            for field in model.model_fields.values()
            for value in literal_values(field.annotation)
        },
        key=str,
    ),
)
def test_every_allowed_value_is_named(value: object) -> None:
    assert (f'"{value}"' if isinstance(value, str) else f"`{value}`") in FORMAT


def test_names_no_path_outside_the_repository() -> None:
    assert re.findall(r"\bshared/|\bseeds/|\.\./", FORMAT) == []
