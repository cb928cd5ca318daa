"""Knowledge-base rows (dicts, as ``db.query`` gives them) turned into the frozen records of
``knowledge.model``: JSON columns parsed, dates read at their printed precision, money exact.

``source`` makes a row's citation; the caller supplies it because a citation names the paper,
which only the programme's row knows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from knowledge.dates import PaperDate
from knowledge.model import (
    Amount,
    BreakdownItem,
    Figure,
    Milestone,
    Phase,
    Programme,
    Proposal,
    Source,
    Table,
    TableRow,
)

Row = Mapping[str, Any]
MakeSource = Callable[[str, Row], Source]


def _date(text: str | None) -> PaperDate | None:
    return PaperDate.parse(text) if text else None


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(value)
    return (value,) if value else ()


def to_programme(r: Row, source: MakeSource) -> Programme:
    return Programme(
        id=r["id"],
        council=r["council"],
        title=r["title"],
        meeting=r["meeting"],
        paper_date=_date(r["paper_date"]),
        document=r["document"],
        document_title=r["document_title"],
        summary=r["summary"].strip(),
        aliases=tuple(json.loads(r["aliases"])),
        source=source(r["id"], r),
    )


def to_phase(r: Row, source: MakeSource) -> Phase:
    return Phase(
        programme_id=r["programme_id"],
        id=r["id"],
        number=r["number"],
        name=r["name"],
        start=_date(r["start"]),
        end=_date(r["end"]),
        purpose=r["purpose"].strip(),
        source=source(r["programme_id"], r),
    )


def to_milestone(r: Row, source: MakeSource) -> Milestone:
    return Milestone(
        programme_id=r["programme_id"],
        id=r["id"],
        kind=r["kind"],
        date=PaperDate.parse(r["date"]),
        title=r["title"],
        decides=r["decides"].strip(),
        phase_id=r["phase_id"],
        source=source(r["programme_id"], r),
    )


def breakdown_by_proposal(
    rows: Sequence[Row], source: MakeSource
) -> dict[tuple[str, str], list[BreakdownItem]]:
    """Each proposal's breakdown items, in printed order, keyed by (programme, proposal)."""
    items: dict[tuple[str, str], list[BreakdownItem]] = {}
    for r in rows:
        item = BreakdownItem(
            r["name"], Amount(Decimal(r["value"]), r["unit"]), source(r["programme_id"], r)
        )
        items.setdefault((r["programme_id"], r["proposal_id"]), []).append(item)
    return items


def to_proposal(
    r: Row, breakdown: Mapping[tuple[str, str], list[BreakdownItem]], source: MakeSource
) -> Proposal:
    change = json.loads(r["staff_change"])
    return Proposal(
        programme_id=r["programme_id"],
        id=r["id"],
        ref=r["ref"],
        name=r["name"],
        aliases=tuple(json.loads(r["aliases"])),
        service_area=r["service_area"],
        officer=r["officer"],
        saving_type=r["saving_type"],
        rag=r["rag"],
        current_budget=r["current_budget"],
        budget_unit=r["budget_unit"],
        staff=r["staff"],
        staff_change=tuple((k, Decimal(v)) for k, v in change.items()),
        description=r["description"].strip(),
        payback=r["payback"],
        breakdown=tuple(breakdown.get((r["programme_id"], r["id"]), [])),
        source=source(r["programme_id"], r),
        short_name=r["short_name"] or "",
    )


def to_table_row(r: Row) -> TableRow:
    return TableRow(
        label=r["label"],
        kind=r["kind"],
        of=_as_tuple(json.loads(r["of"])),
        measure=r["measure"],
        scenario=r["scenario"],
        proposal_id=r["proposal_id"],
        phase_id=r["phase_id"],
        cells=tuple(json.loads(r["cells"])),
        note=r["note"],
    )


def to_table(t: Row, rows: Sequence[TableRow], source: MakeSource) -> Table:
    return Table(
        programme_id=t["programme_id"],
        id=t["id"],
        title=t["title"],
        unit=t["unit"],
        columns=tuple(json.loads(t["columns"])),
        column_labels=tuple(json.loads(t["column_labels"])),
        total_column=t["total_column"],
        figures=bool(t["figures"]),
        proposal_id=t["proposal_id"],
        rows=tuple(rows),
        source=source(t["programme_id"], t),
        yearly=t["yearly"],
    )


def to_figure(r: Row, source: MakeSource) -> Figure:
    return Figure(
        programme_id=r["programme_id"],
        id=r["id"],
        measure=r["measure"],
        subject=r["subject"],
        period=r["period"],
        scenario=r["scenario"],
        amount=Amount(Decimal(r["value"]), r["unit"]),
        description=r["description"].strip(),
        proposal_id=r["proposal_id"],
        phase_id=r["phase_id"],
        table_id=r["table_id"],
        source=source(r["programme_id"], r),
    )
