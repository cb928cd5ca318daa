"""Sources as an answer shows them: each paper named once, then the places the answer used,
within about 300 characters; and every place in full with how we read it, for ``sources``.

Table cells are cited as the rows and columns shown ("para 6.4, second table, row GAP,
2015-16"), never as the first cell of the table or the whole of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.dates import looks_like_financial_year
from knowledge.model import Source, Table

SOURCE_LIMIT = 300
_JOIN = " · "  # how renderers join the papers; counted so the whole line stays in the limit


def cite(
    sources: Iterable[Source], behind: Iterable[Source] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(short, details)``: one "Paper: place; place" entry per paper, short enough for a
    phone, and every place in full with its reading note (empty when it would add nothing).
    ``behind`` are places the short line already covers in other words: in details only."""
    by_paper: dict[str, list[str]] = {}
    details: list[str] = []
    noted = False
    listed = [(s, True) for s in sources] + [(s, False) for s in behind]
    for source, shown in listed:
        places = by_paper.setdefault(source.document_title, [])
        for place in _places(source) if shown else []:
            if place not in places:
                places.append(place)
        detail = source.cite() + (f". How we read it: {source.note}" if source.note else "")
        noted = noted or bool(source.note)
        if detail not in details:
            details.append(detail)
    merged = {paper: _most_specific(places) for paper, places in by_paper.items()}
    short, left_out = _within(merged, SOURCE_LIMIT)
    return short, tuple(details) if noted or left_out else ()


def merge_cited(entries: Iterable[str]) -> tuple[str, ...]:
    """Short source lines from several answers ("Paper: place; place") as one: each paper
    named once with every place cited under it, within the same room as ``cite``'s."""
    by_paper: dict[str, list[str]] = {}
    for entry in entries:
        paper, _, places = entry.partition(": ")
        known = by_paper.setdefault(paper, [])
        for place in places.split("; ") if places else []:
            if place and not place.startswith("+") and place not in known:
                known.append(place)
    merged = {paper: _most_specific(places) for paper, places in by_paper.items()}
    return _within(merged, SOURCE_LIMIT)[0]


def _places(source: Source) -> list[str]:
    derived = " (derived)" if source.basis == "derived" else ""
    return [f"{part.strip()}{derived}" for part in source.location.split("; ") if part.strip()]


def _most_specific(places: list[str]) -> list[str]:
    """Places with any that another place narrows down left out ("para 6.4, first table" when
    "para 6.4, first table, row 3" is cited), so the places cited are the ones shown."""
    return [p for p in places if not any(o != p and o.startswith(p + ",") for o in places)]


def _entries(chosen: dict[str, list[str]]) -> list[str]:
    return [
        f"{paper}: {'; '.join(places)}" if places else paper for paper, places in chosen.items()
    ]


def _within(by_paper: dict[str, list[str]], limit: int) -> tuple[tuple[str, ...], int]:
    """Every paper named, then places while they fit: each paper's first, then the rest in
    order; the count of places left out is said at the end ("+3 more")."""
    chosen: dict[str, list[str]] = {paper: [] for paper in by_paper}
    room = limit - len("; +99 more")
    order = [(paper, places[0]) for paper, places in by_paper.items() if places]
    order += [(paper, place) for paper, places in by_paper.items() for place in places[1:]]
    left_out = 0
    for paper, place in order:
        chosen[paper].append(place)
        if len(_JOIN.join(_entries(chosen))) > room:
            chosen[paper].pop()
            left_out += 1
    entries = _entries(chosen)
    if left_out:
        entries[-1] += f"; +{left_out} more" if chosen[list(chosen)[-1]] else f": +{left_out} more"
    return tuple(entries), left_out


def table_source(table: Table, rows: Sequence[str], columns: Sequence[str] = ()) -> Source:
    """The place of some cells of a printed table: its rows, and its columns unless all."""
    place = table.source.location
    if rows:
        labels = [f'"{r}"' if " " in r else r for r in dict.fromkeys(rows)]
        noun = "row" if len(labels) == 1 else "rows"
        place += f", {noun} {_and(labels)}"
    shown = [c for c in table.columns if c in set(columns)]
    if shown and len(shown) < len(table.columns):
        place += f", {_span(shown, table.columns)}"
    return Source(
        table.programme_id,
        table.source.document_title,
        place,
        table.source.basis,
        table.source.note,
    )


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _span(shown: list[str], columns: tuple[str, ...]) -> str:
    """Consecutive financial-year columns as a span ("2014-15 to 2015-16"), others listed."""
    positions = [columns.index(c) for c in shown]
    consecutive = positions == list(range(positions[0], positions[0] + len(positions)))
    if len(shown) > 2 and consecutive and all(looks_like_financial_year(c) for c in shown):
        return f"{shown[0]} to {shown[-1]}"
    return _and(shown)
