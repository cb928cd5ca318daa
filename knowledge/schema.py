"""The knowledge base's SQLite schema, as sqlite-utils migrations so later changes stay ordered."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

reference = Migrations("cyps-reference")

TEXT, INT = str, int


@reference()
def create_reference_tables(db: Database) -> None:
    db.table("programmes").create(
        {
            "id": TEXT,
            "council": TEXT,
            "title": TEXT,
            "meeting": TEXT,
            "paper_date": TEXT,
            "document": TEXT,
            "document_title": TEXT,
            "summary": TEXT,
            "aliases": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk="id",
    )
    db.table("phases").create(
        {
            "programme_id": TEXT,
            "id": TEXT,
            "number": INT,
            "name": TEXT,
            "start": TEXT,
            "end": TEXT,
            "purpose": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "id"),
    )
    db.table("milestones").create(
        {
            "programme_id": TEXT,
            "id": TEXT,
            "kind": TEXT,
            "date": TEXT,
            "start": TEXT,
            "title": TEXT,
            "decides": TEXT,
            "phase_id": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "id"),
    )
    db.table("milestones").create_index(["start"])
    db.table("proposals").create(
        {
            "programme_id": TEXT,
            "id": TEXT,
            "ref": TEXT,
            "name": TEXT,
            "aliases": TEXT,
            "service_area": TEXT,
            "officer": TEXT,
            "saving_type": TEXT,
            "rag": TEXT,
            "current_budget": TEXT,
            "budget_unit": TEXT,
            "staff": TEXT,
            "staff_change": TEXT,
            "description": TEXT,
            "payback": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "id"),
    )
    db.table("proposals").create_index(["ref"])
    db.table("breakdown").create(
        {
            "programme_id": TEXT,
            "proposal_id": TEXT,
            "position": INT,
            "name": TEXT,
            "value": TEXT,
            "unit": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "proposal_id", "position"),
    )
    db.table("paper_tables").create(
        {
            "programme_id": TEXT,
            "id": TEXT,
            "title": TEXT,
            "unit": TEXT,
            "columns": TEXT,
            "column_labels": TEXT,
            "total_column": TEXT,
            "figures": INT,
            "proposal_id": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "id"),
    )
    db.table("table_rows").create(
        {
            "programme_id": TEXT,
            "table_id": TEXT,
            "position": INT,
            "label": TEXT,
            "kind": TEXT,
            "of": TEXT,
            "measure": TEXT,
            "scenario": TEXT,
            "proposal_id": TEXT,
            "phase_id": TEXT,
            "sign": INT,
            "cells": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "table_id", "position"),
    )
    db.table("figures").create(
        {
            "programme_id": TEXT,
            "id": TEXT,
            "measure": TEXT,
            "subject": TEXT,
            "period": TEXT,
            "scenario": TEXT,
            "value": TEXT,
            "unit": TEXT,
            "description": TEXT,
            "proposal_id": TEXT,
            "phase_id": TEXT,
            "table_id": TEXT,
            "sum_of": TEXT,
            "ratio_of": TEXT,
            "source": TEXT,
            "basis": TEXT,
            "note": TEXT,
        },
        pk=("programme_id", "id"),
    )
    db.table("figures").create_index(["programme_id", "measure"])
    db.table("figures").create_index(["programme_id", "proposal_id"])
    db.table("search_items").create(
        {"programme_id": TEXT, "kind": TEXT, "key": TEXT, "name": TEXT, "text": TEXT},
        pk=("programme_id", "kind", "key"),
    )
    db.table("search_items").enable_fts(["name", "text"], create_triggers=True, tokenize="porter")
    db.table("meta").create({"key": TEXT, "value": TEXT}, pk="key")


@reference()
def add_yearly_and_short_names(db: Database) -> None:
    """Whether a table's yearly cells are increments or levels, and a proposal's short name
    (see FORMAT.md)."""
    db.table("paper_tables").add_column("yearly", TEXT)
    db.table("proposals").add_column("short_name", TEXT)


def migrate(db: Database) -> None:
    reference.apply(db)
