"""The paragraphs and sections a programme file's ``source`` cites ("paras 5.9, 5.11; para
5.20", "sections 1-3", "section 23, para 23.1, Table 3"), so an answer can offer the added
paper's paragraph and ``cyps kb check`` can warn when a cited one is not in the added paper."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # answers read citations on every question; only `cyps kb check` needs these
    from knowledge.source_files import ProgrammeSource

_NUMBER = r"\d{1,2}(?:\.\d{1,3}){0,4}"
_CITED = re.compile(
    rf"\b(paras?|paragraphs?|sections?)\s+({_NUMBER}(?:\s*(?:,|and|-|–|to)\s*{_NUMBER})*)",
    re.IGNORECASE,
)
_PIECE = re.compile(rf"({_NUMBER})(?:\s*(?:-|–|to)\s*({_NUMBER}))?")
MAX_RANGE = 30


def cited(location: str) -> list[tuple[str, str]]:
    """``("para", "5.9")`` and ``("section", "23")`` for every number ``location`` cites,
    ranges ("paras 5.10-5.12", "sections 1-3") spelled out."""
    found: list[tuple[str, str]] = []
    for match in _CITED.finditer(location):
        kind = "section" if match.group(1).lower().startswith("section") else "para"
        for piece in _PIECE.finditer(match.group(2)):
            found.extend((kind, number) for number in _spelled_out(piece.group(1), piece.group(2)))
    return list(dict.fromkeys(found))


def _spelled_out(first: str, last: str | None) -> list[str]:
    if last is None:
        return [first]
    head, _, start = first.rpartition(".")
    last_head, _, end = last.rpartition(".")
    if head != last_head or not 0 <= int(end) - int(start) <= MAX_RANGE:
        return [first, last]
    prefix = f"{head}." if head else ""
    return [f"{prefix}{n}" for n in range(int(start), int(end) + 1)]


def has(numbers: frozenset[str], kind: str, number: str) -> bool:
    """Whether a paper with paragraph numbers ``numbers`` has this paragraph or section."""
    if number in numbers:
        return True
    return kind == "section" and any(n.startswith(f"{number}.") for n in numbers)


def missing_citations(
    sources: list[ProgrammeSource], numbers: Mapping[str, frozenset[str]]
) -> list[str]:
    """A warning for each paragraph or section a programme file cites that the paper added
    for that programme does not have (programmes with no paper added are not checked)."""
    warnings = []
    for source in sources:
        found = numbers.get(source.id)
        if not found:
            continue
        for where, location in _sources(source.programme_file, ""):
            for kind, number in cited(location):
                if not has(found, kind, number):
                    warnings.append(
                        f"{source.path.name}: {where}: cites {kind} {number}, which the added "
                        f"paper for {source.id} does not have"
                    )
    return warnings


def _sources(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every ``source`` text in a programme file's records, with where it is."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        for key in type(value).model_fields:
            inner = getattr(value, key)
            if key == "source" and isinstance(inner, str):
                yield where or "programme", inner
            elif isinstance(inner, (BaseModel, list, tuple)):
                yield from _sources(inner, f"{where}.{key}" if where else key)
    elif isinstance(value, (list, tuple)):
        for k, inner in enumerate(value):
            name = getattr(inner, "id", None)
            yield from _sources(inner, f"{where}[{name if isinstance(name, str) else k}]")
