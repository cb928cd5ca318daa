"""Build the SQLite knowledge base from the programme files, atomically.

The new database is written to a temporary file beside the old one and moved into place only when
every file validated and every row was written, so a failed build never damages a working bot.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from knowledge.dates import PaperDate, looks_like_financial_year
from knowledge.schema import migrate
from knowledge.sources import DEFAULT_SOURCES_DIR, ProgrammeSource, load_sources, source_files


def sources_fingerprint(directory: Path = DEFAULT_SOURCES_DIR) -> str:
    """A hash of every programme file, so the bot can tell whether its database is stale."""
    digest = hashlib.sha256()
    for path in source_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_knowledge_base(db_path: Path, directory: Path = DEFAULT_SOURCES_DIR) -> Path:
    """Validate the sources and (re)build ``db_path``; the old file survives any failure."""
    sources = load_sources(directory)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".cyps-build-", suffix=".db", dir=db_path.parent)
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        db = Database(temp_path)
        migrate(db)
        with db.conn:
            for source in sources:
                write_programme(db, source)
            db.table("meta").insert(
                {"key": "sources_fingerprint", "value": sources_fingerprint(directory)}
            )
        db.conn.execute("PRAGMA optimize")
        db.close()
        os.replace(temp_path, db_path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return db_path


def stored_fingerprint(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    try:
        db = Database(db_path)
        row = db.execute("select value from meta where key = 'sources_fingerprint'").fetchone()
        db.close()
    except Exception:  # an unreadable file is simply stale
        return None
    return row[0] if row else None


def ensure_knowledge_base(db_path: Path, directory: Path = DEFAULT_SOURCES_DIR) -> bool:
    """Build when the database is missing or older than the sources; True when it rebuilt."""
    if stored_fingerprint(db_path) == sources_fingerprint(directory):
        return False
    build_knowledge_base(db_path, directory)
    return True


def _j(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _provenance(record: dict[str, Any]) -> dict[str, str]:
    return {
        "source": record["source"],
        "basis": record.get("basis", "stated"),
        "note": record.get("note", ""),
    }


class Rows(dict[str, list[dict[str, Any]]]):
    """Rows collected per table and written in one batch each: much faster than row by row."""

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.setdefault(table, []).append(row)

    def write(self, db: Database) -> None:
        for table, rows in self.items():
            db.table(table).insert_all(rows, batch_size=500)


def write_programme(db: Database, source: ProgrammeSource) -> None:
    """Write one validated programme file into the knowledge base."""
    rows = Rows()
    collect_programme(rows, source)
    rows.write(db)


def collect_programme(db: Rows, source: ProgrammeSource) -> None:
    data = source.data
    programme = data["programme"]
    pid = programme["id"]
    db.add(
        "programmes",
        {
            "id": pid,
            "council": programme["council"],
            "title": programme["title"],
            "meeting": programme.get("meeting", ""),
            "paper_date": programme.get("paper_date", ""),
            "document": programme["document"],
            "document_title": programme["document_title"],
            "summary": programme.get("summary", ""),
            "aliases": _j(programme.get("aliases", [])),
            **_provenance(programme),
        },
    )
    search: list[dict[str, str]] = [
        {
            "programme_id": pid,
            "kind": "programme",
            "key": pid,
            "name": programme["title"],
            "text": " ".join([programme.get("summary", ""), *programme.get("aliases", [])]),
        },
    ]
    for phase in data.get("phases", []):
        db.add(
            "phases",
            {
                "programme_id": pid,
                "id": phase["id"],
                "number": phase.get("number"),
                "name": phase["name"],
                "start": phase.get("start", ""),
                "end": phase.get("end", ""),
                "purpose": phase.get("purpose", ""),
                **_provenance(phase),
            },
        )
        search.append(
            {
                "programme_id": pid,
                "kind": "phase",
                "key": phase["id"],
                "name": phase["name"],
                "text": phase.get("purpose", ""),
            }
        )
    for milestone in data.get("milestones", []):
        db.add(
            "milestones",
            {
                "programme_id": pid,
                "id": milestone["id"],
                "kind": milestone["kind"],
                "date": milestone["date"],
                "start": PaperDate.parse(milestone["date"]).start().isoformat(),
                "title": milestone["title"],
                "decides": milestone.get("decides", ""),
                "phase_id": milestone.get("phase"),
                **_provenance(milestone),
            },
        )
        search.append(
            {
                "programme_id": pid,
                "kind": "milestone",
                "key": milestone["id"],
                "name": f"{milestone['kind']} {milestone['title']}",
                "text": milestone.get("decides", ""),
            }
        )
    for proposal in data.get("proposals", []):
        _write_proposal(db, pid, proposal)
        search.append(
            {
                "programme_id": pid,
                "kind": "proposal",
                "key": proposal["id"],
                "name": f"{proposal.get('ref', '')} {proposal['name']}".strip(),
                "text": " ".join([proposal.get("description", ""), *proposal.get("aliases", [])]),
            }
        )
    for table in data.get("tables", []):
        search.extend(_write_table(db, pid, programme, table))
    for figure in data.get("figures", []):
        db.add(
            "figures",
            {
                "programme_id": pid,
                "id": figure["id"],
                "measure": figure["measure"],
                "subject": figure.get("subject", ""),
                "period": figure.get("period", ""),
                "scenario": figure.get("scenario", ""),
                "value": str(figure["value"]),
                "unit": figure["unit"],
                "description": figure.get("description", ""),
                "proposal_id": figure.get("proposal"),
                "phase_id": figure.get("phase"),
                "table_id": None,
                "sum_of": _j(figure.get("sum_of", [])),
                "ratio_of": _j(figure.get("ratio_of", [])),
                **_provenance(figure),
            },
        )
        search.append(
            {
                "programme_id": pid,
                "kind": "figure",
                "key": figure["id"],
                "name": " ".join(
                    filter(
                        None,
                        [
                            figure["measure"],
                            figure.get("subject", ""),
                            figure.get("scenario", ""),
                            figure.get("period", ""),
                        ],
                    )
                ),
                "text": figure.get("description", ""),
            }
        )
    for item in search:
        db.add("search_items", item)


def _write_proposal(db: Rows, pid: str, proposal: dict[str, Any]) -> None:
    db.add(
        "proposals",
        {
            "programme_id": pid,
            "id": proposal["id"],
            "ref": proposal.get("ref"),
            "name": proposal["name"],
            "aliases": _j(proposal.get("aliases", [])),
            "service_area": proposal.get("service_area", ""),
            "officer": proposal.get("officer", ""),
            "saving_type": proposal.get("saving_type", ""),
            "rag": proposal.get("rag"),
            "current_budget": _text(proposal.get("current_budget")),
            "budget_unit": proposal.get("budget_unit", "GBP k"),
            "staff": _text(proposal.get("staff")),
            "staff_change": _j({k: str(v) for k, v in proposal.get("staff_change", {}).items()}),
            "description": proposal.get("description", ""),
            "payback": proposal.get("payback", ""),
            **_provenance(proposal),
        },
    )
    for position, item in enumerate(proposal.get("breakdown", [])):
        db.add(
            "breakdown",
            {
                "programme_id": pid,
                "proposal_id": proposal["id"],
                "position": position,
                "name": item["name"],
                "value": str(item["value"]),
                "unit": item.get("unit", "GBP k"),
                **_provenance(item),
            },
        )


def _write_table(
    db: Rows, pid: str, programme: dict[str, Any], table: dict[str, Any]
) -> list[dict[str, str]]:
    """Write a printed table, its rows and (for rows with a measure) one figure per cell."""
    search: list[dict[str, str]] = []
    columns = table["columns"]
    labels = table.get("column_labels", columns)
    db.add(
        "paper_tables",
        {
            "programme_id": pid,
            "id": table["id"],
            "title": table["title"],
            "unit": table["unit"],
            "columns": _j(columns),
            "column_labels": _j(labels),
            "total_column": table.get("total_column"),
            "figures": int(table.get("figures", True)),
            "proposal_id": table.get("proposal"),
            **_provenance(table),
        },
    )
    for position, row in enumerate(table.get("rows", [])):
        cells = [_text(v) for v in row["values"]]
        proposal_id = row.get("proposal", table.get("proposal"))
        db.add(
            "table_rows",
            {
                "programme_id": pid,
                "table_id": table["id"],
                "position": position,
                "label": row["label"],
                "kind": row.get("kind", "part"),
                "of": _j(row.get("of", [])),
                "measure": row.get("measure", ""),
                "scenario": row.get("scenario", ""),
                "proposal_id": proposal_id,
                "phase_id": row.get("phase"),
                "sign": row.get("sign", 1),
                "cells": _j(cells),
                "note": row.get("note", ""),
            },
        )
        if not table.get("figures", True) or not row.get("measure"):
            continue
        search.append(
            {
                "programme_id": pid,
                "kind": "row",
                "key": f"{table['id']}:{row['label']}",
                "name": f"{row['measure']} {row['label']} {row.get('scenario', '')}".strip(),
                "text": table["title"],
            }
        )
        sign = Decimal(row.get("sign", 1))
        for column, label, value in zip(columns, labels, row["values"], strict=True):
            if isinstance(value, str):
                continue
            is_total = column == table.get("total_column")
            period = (
                column if looks_like_financial_year(column) else ("total" if is_total else column)
            )
            printed = f"; printed as {value}" if sign < 0 else ""
            figure_id = f"{table['id']}:{row['label']}:{column}"
            db.add(
                "figures",
                {
                    "programme_id": pid,
                    "id": figure_id,
                    "measure": row["measure"],
                    "subject": row["label"],
                    "period": period,
                    "scenario": row.get("scenario", ""),
                    "value": str(Decimal(value) * sign + 0),
                    "unit": table["unit"],
                    "description": "",
                    "proposal_id": proposal_id,
                    "phase_id": row.get("phase"),
                    "table_id": table["id"],
                    "sum_of": "[]",
                    "ratio_of": "[]",
                    "source": f'{table["source"]}, row "{row["label"]}", column {label}{printed}',
                    "basis": table.get("basis", "stated"),
                    "note": row.get("note", ""),
                },
            )
    return search
