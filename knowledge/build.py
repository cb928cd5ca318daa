"""Build the SQLite knowledge base from the programme files, atomically.

The new database is written to a temporary file beside the old one and moved into place only when
every file validated and every row was written, so a failed build never damages a working bot.
"""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from knowledge.dates import PaperDate, looks_like_financial_year
from knowledge.freshness import DEFAULT_SOURCES_DIR, sources_fingerprint
from knowledge.programme_file import (
    FigureEntry,
    MilestoneEntry,
    PhaseEntry,
    ProgrammeInfo,
    ProposalEntry,
    RowEntry,
    Sourced,
    TableEntry,
)
from knowledge.schema import migrate
from knowledge.source_files import (
    Problem,
    ProgrammeSource,
    SourceError,
    check_file,
    source_files,
)
from knowledge.toml_files import each_chunk


def build_knowledge_base(db_path: Path, directory: Path = DEFAULT_SOURCES_DIR) -> Path:
    """Validate the sources and (re)build ``db_path``; the old file survives any failure."""
    files = source_files(directory)
    if not files:
        raise SourceError([Problem(str(directory), "", "no programme files (*.toml) found")])
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".cyps-build-", suffix=".db", dir=db_path.parent)
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        db = Database(temp_path)
        # The file is new and only moved into place once complete, so nothing needs to reach
        # the disk until then: no journal, no sync per statement (one fsync before the move).
        db.conn.execute("PRAGMA journal_mode = OFF")
        db.conn.execute("PRAGMA synchronous = OFF")
        migrate(db)
        problems: list[Problem] = []
        with db.conn:
            # each chunk of files is written as it comes, while the next are read; a problem
            # anywhere stops the build (the temporary file goes) once every file is checked
            for rows, found in each_chunk(_collect_files, files):
                problems += found
                if not problems:
                    rows.write(db)
            if problems:
                raise SourceError(problems)
            db.table("meta").insert(
                {"key": "sources_fingerprint", "value": sources_fingerprint(directory)}
            )
        db.conn.execute("PRAGMA optimize")
        db.close()
        _flush(temp_path)
        os.replace(temp_path, db_path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return db_path


def _flush(path: Path) -> None:
    """The finished file on disk before it replaces the old one."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _j(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _text(value: Decimal | str | PaperDate | None) -> str:
    return "" if value is None else str(value)


def _provenance(record: Sourced) -> dict[str, str]:
    return {"source": record.source, "basis": record.basis, "note": record.note}


class Rows(dict[str, list[dict[str, Any]]]):
    """Rows collected per table and written in one batch each: much faster than row by row."""

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.setdefault(table, []).append(row)

    def write(self, db: Database) -> None:
        """Each table's rows in one ``insert_all`` (multi-row inserts of 500): every
        programme's together, so a build of a thousand files is a few statements a table."""
        for table, rows in self.items():
            db.table(table).insert_all(rows, batch_size=500)


def _collect_files(paths: list[Path]) -> tuple[Rows, list[Problem]]:
    """One chunk of files as rows and the problems found in them (each file is parsed,
    checked and laid out as rows on its own, in a worker process when there are many)."""
    rows, problems = Rows(), []
    for path in paths:
        source, found = check_file(path)
        problems += found
        if source is not None:
            collect_programme(rows, source)
    return rows, problems


def write_programme(db: Database, source: ProgrammeSource) -> None:
    """Write one validated programme file into the knowledge base."""
    rows = Rows()
    collect_programme(rows, source)
    rows.write(db)


def collect_programme(db: Rows, source: ProgrammeSource) -> None:
    """Every row of one programme file; defaults are the models', so none are repeated here."""
    programme_file = source.programme_file
    programme = programme_file.programme
    pid = programme.id
    db.add("programmes", _programme_row(programme))
    search = [
        _search(pid, "programme", pid, programme.title, programme.summary, *programme.aliases)
    ]
    for phase in programme_file.phases:
        db.add("phases", _phase_row(pid, phase))
        search.append(_search(pid, "phase", phase.id, phase.name, phase.purpose))
    for milestone in programme_file.milestones:
        db.add("milestones", _milestone_row(pid, milestone))
        name = f"{milestone.kind} {milestone.title}"
        search.append(_search(pid, "milestone", milestone.id, name, milestone.decides))
    for proposal in programme_file.proposals:
        _write_proposal(db, pid, proposal)
        name = f"{proposal.ref or ''} {proposal.name}".strip()
        text = (proposal.description, *proposal.aliases)
        search.append(_search(pid, "proposal", proposal.id, name, *text))
    for table in programme_file.tables:
        search.extend(_write_table(db, pid, table))
    for figure in programme_file.figures:
        db.add("figures", _figure_row(pid, figure))
        parts = (figure.measure, figure.subject, figure.scenario, figure.period)
        name = " ".join(filter(None, parts))
        search.append(_search(pid, "figure", figure.id, name, figure.description))
    for item in search:
        db.add("search_items", item)


def _search(pid: str, kind: str, key: str, name: str, *text: str) -> dict[str, str]:
    return {"programme_id": pid, "kind": kind, "key": key, "name": name, "text": " ".join(text)}


def _programme_row(programme: ProgrammeInfo) -> dict[str, Any]:
    return {
        "id": programme.id,
        "council": programme.council,
        "title": programme.title,
        "meeting": programme.meeting,
        "paper_date": _text(programme.paper_date),
        "document": programme.document,
        "document_title": programme.document_title,
        "summary": programme.summary,
        "aliases": _j(programme.aliases),
        **_provenance(programme),
    }


def _phase_row(pid: str, phase: PhaseEntry) -> dict[str, Any]:
    return {
        "programme_id": pid,
        "id": phase.id,
        "number": phase.number,
        "name": phase.name,
        "start": _text(phase.start),
        "end": _text(phase.end),
        "purpose": phase.purpose,
        **_provenance(phase),
    }


def _milestone_row(pid: str, milestone: MilestoneEntry) -> dict[str, Any]:
    return {
        "programme_id": pid,
        "id": milestone.id,
        "kind": milestone.kind,
        "date": milestone.date.iso,
        "start": milestone.date.start().isoformat(),
        "title": milestone.title,
        "decides": milestone.decides,
        "phase_id": milestone.phase,
        **_provenance(milestone),
    }


def _figure_row(pid: str, figure: FigureEntry) -> dict[str, Any]:
    return {
        "programme_id": pid,
        "id": figure.id,
        "measure": figure.measure,
        "subject": figure.subject,
        "period": figure.period,
        "scenario": figure.scenario,
        "value": str(figure.value),
        "unit": figure.unit,
        "description": figure.description,
        "proposal_id": figure.proposal,
        "phase_id": figure.phase,
        "table_id": None,
        "sum_of": _j(figure.sum_of),
        "ratio_of": _j(figure.ratio_of),
        **_provenance(figure),
    }


def _write_proposal(db: Rows, pid: str, proposal: ProposalEntry) -> None:
    db.add(
        "proposals",
        {
            "programme_id": pid,
            "id": proposal.id,
            "ref": proposal.ref,
            "name": proposal.name,
            "short_name": proposal.short_name,
            "aliases": _j(proposal.aliases),
            "service_area": proposal.service_area,
            "officer": proposal.officer,
            "saving_type": proposal.saving_type,
            "rag": proposal.rag,
            "current_budget": _text(proposal.current_budget),
            "budget_unit": proposal.budget_unit,
            "staff": _text(proposal.staff),
            "staff_change": _j({year: str(n) for year, n in proposal.staff_change.items()}),
            "description": proposal.description,
            "payback": proposal.payback,
            **_provenance(proposal),
        },
    )
    for position, item in enumerate(proposal.breakdown):
        db.add(
            "breakdown",
            {
                "programme_id": pid,
                "proposal_id": proposal.id,
                "position": position,
                "name": item.name,
                "value": str(item.value),
                "unit": item.unit,
                **_provenance(item),
            },
        )


def _write_table(db: Rows, pid: str, table: TableEntry) -> list[dict[str, str]]:
    """Write a printed table, its rows and (for rows with a measure) one figure per cell."""
    search: list[dict[str, str]] = []
    db.add(
        "paper_tables",
        {
            "programme_id": pid,
            "id": table.id,
            "title": table.title,
            "unit": table.unit,
            "columns": _j(table.columns),
            "column_labels": _j(table.labels()),
            "total_column": table.total_column,
            "yearly": table.yearly,
            "figures": int(table.figures),
            "proposal_id": table.proposal,
            **_provenance(table),
        },
    )
    for position, row in enumerate(table.rows):
        proposal_id = row.proposal if row.proposal is not None else table.proposal
        db.add(
            "table_rows",
            {
                "programme_id": pid,
                "table_id": table.id,
                "position": position,
                "label": row.label,
                "kind": row.kind,
                "of": _j(row.of if row.of is not None else []),
                "measure": row.measure,
                "scenario": row.scenario,
                "proposal_id": proposal_id,
                "phase_id": row.phase,
                "sign": row.sign,
                "cells": _j([_text(value) for value in row.values]),
                "note": row.note,
            },
        )
        if not table.figures or not row.measure:
            continue
        name = f"{row.measure} {row.label} {row.scenario}".strip()
        search.append(_search(pid, "row", f"{table.id}:{row.label}", name, table.title))
        for column, label, value in zip(table.columns, table.labels(), row.values, strict=True):
            if isinstance(value, Decimal):
                db.add("figures", _cell_figure(pid, table, row, proposal_id, column, label, value))
    return search


def _row_place(label: str) -> str:
    """ "row GAP", 'row "Available Funding"': quoted where the label has spaces, as answers
    cite rows (commands.citing)."""
    return f'row "{label}"' if " " in label else f"row {label}"


def _cell_figure(
    pid: str,
    table: TableEntry,
    row: RowEntry,
    proposal_id: str | None,
    column: str,
    label: str,
    value: Decimal,
) -> dict[str, Any]:
    """One printed cell as a named figure, with the sign the paper's convention implies."""
    is_total = column == table.total_column
    period = column if looks_like_financial_year(column) else ("total" if is_total else column)
    printed = f"; printed as {value}" if row.sign < 0 else ""
    return {
        "programme_id": pid,
        "id": f"{table.id}:{row.label}:{column}",
        "measure": row.measure,
        "subject": row.label,
        "period": period,
        "scenario": row.scenario,
        "value": str(value * row.sign + 0),
        "unit": table.unit,
        "description": "",
        "proposal_id": proposal_id,
        "phase_id": row.phase,
        "table_id": table.id,
        "sum_of": "[]",
        "ratio_of": "[]",
        "source": f"{table.source}, {_row_place(row.label)}, {column}{printed}",
        "basis": table.basis,
        "note": row.note,
    }
