"""What the board records as a programme runs: delivered and forecast savings, RAG changes and
the change log. Kept in the state database, apart from the reference knowledge base, so a
rebuild from the papers never touches it. Times are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database, Migrations

from knowledge.statedb import StateConnection, StateWatch, apply_migrations, connect_state

tracking_migrations = Migrations("cyps-tracking")
AMOUNT_KINDS = ("actual", "forecast")


@tracking_migrations()
def create_tracking_tables(db: Database) -> None:
    db.table("amounts").create(
        {
            "programme_id": str,
            "proposal_id": str,
            "year": str,
            "kind": str,
            "amount_k": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("programme_id", "proposal_id", "year", "kind"),
    )
    db.table("rag_overrides").create(
        {
            "programme_id": str,
            "proposal_id": str,
            "rag": str,
            "reason": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("programme_id", "proposal_id"),
    )
    db.table("change_log").create(
        {
            "id": int,
            "at": str,
            "who": str,
            "via": str,
            "programme_id": str,
            "subject": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk="id",
    )
    db.table("change_log").create_index(["programme_id", "subject"])


@dataclass(frozen=True)
class Change:
    at: str
    who: str
    via: str
    programme_id: str
    subject: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AmountRecord:
    programme_id: str
    proposal_id: str
    year: str
    kind: str
    amount_k: Decimal


@dataclass(frozen=True)
class RagOverride:
    rag: str
    reason: str
    updated_by: str
    updated_at: str


class TrackingStore(StateConnection):
    """SQLite-backed tracking data; every write and its change-log line commit together, and
    the bot's threads take turns on the one connection."""

    def __init__(self, path: Path, watch: StateWatch | None = None):
        super().__init__(connect_state(path), watch)
        self.path = path
        self.db = Database(self.conn)
        apply_migrations(self.db, tracking_migrations)

    def _cached(
        self, key: tuple[object, ...], sql: str, params: tuple[object, ...]
    ) -> list[tuple[object, ...]]:
        """Reads asked on every answer, repeated only after a write (see ``_cached_read``)."""
        return list(self._cached_read(key, lambda: self.conn.execute(sql, params).fetchall()))

    def _log(self, change: Change) -> None:
        self.db.table("change_log").insert(change.__dict__)

    def record_amount(
        self,
        programme_id: str,
        proposal_id: str,
        year: str,
        kind: str,
        amount_k: Decimal,
        who: str,
        via: str,
        at: datetime,
    ) -> Decimal | None:
        """Store a delivered or forecast amount; returns the value it replaced, if any."""
        with self._write():
            return self._store_amount(
                AmountRecord(programme_id, proposal_id, year, kind, amount_k), who, via, at
            )

    def import_amounts(
        self, records: Iterable[AmountRecord], who: str, via: str, at: datetime
    ) -> int:
        """All or nothing: every record is written with its change-log line, or none is."""
        count = 0
        with self._write():
            for record in records:
                self._store_amount(record, who, via, at)
                count += 1
        return count

    def _store_amount(
        self, record: AmountRecord, who: str, via: str, at: datetime
    ) -> Decimal | None:
        """Upsert one amount and its change-log line, inside the caller's transaction."""
        if record.kind not in AMOUNT_KINDS:
            raise ValueError(f"kind must be one of {AMOUNT_KINDS}")
        old = self.amount(record.programme_id, record.proposal_id, record.year, record.kind)
        self.db.table("amounts").upsert(
            {
                "programme_id": record.programme_id,
                "proposal_id": record.proposal_id,
                "year": record.year,
                "kind": record.kind,
                "amount_k": str(record.amount_k),
                "updated_by": who,
                "updated_at": at.isoformat(),
            },
            pk=("programme_id", "proposal_id", "year", "kind"),
        )
        self._log(
            Change(at.isoformat(), who, via, record.programme_id, record.proposal_id,
                   f"{record.kind} {record.year}", "" if old is None else str(old),
                   str(record.amount_k))
        )  # fmt: skip
        return old

    def amount(self, programme_id: str, proposal_id: str, year: str, kind: str) -> Decimal | None:
        rows = self._read(
            "select amount_k from amounts"
            " where programme_id = ? and proposal_id = ? and year = ? and kind = ?",
            (programme_id, proposal_id, year, kind),
        )
        return Decimal(str(rows[0][0])) if rows else None

    def amounts(self, programme_id: str, proposal_id: str, kind: str) -> dict[str, Decimal]:
        rows = self._cached(
            ("amounts", programme_id, proposal_id, kind),
            "select year, amount_k from amounts"
            " where programme_id = ? and proposal_id = ? and kind = ? order by year",
            (programme_id, proposal_id, kind),
        )
        return {str(year): Decimal(str(value)) for year, value in rows}

    def all_amounts(self) -> list[AmountRecord]:
        rows = self._read(
            "select programme_id, proposal_id, year, kind, amount_k from amounts order by 1, 2, 3, 4"
        )
        return [
            AmountRecord(str(p), str(q), str(y), str(k), Decimal(str(a))) for p, q, y, k, a in rows
        ]

    def set_rag(
        self,
        programme_id: str,
        proposal_id: str,
        rag: str,
        reason: str,
        who: str,
        via: str,
        at: datetime,
        paper_rag: str | None = None,
    ) -> str | None:
        """Set the board's RAG; the change log's old value is the last one set, or the paper's."""
        with self._write():
            old = self.rag(programme_id, proposal_id)
            self.db.table("rag_overrides").upsert(
                {
                    "programme_id": programme_id,
                    "proposal_id": proposal_id,
                    "rag": rag,
                    "reason": reason,
                    "updated_by": who,
                    "updated_at": at.isoformat(),
                },
                pk=("programme_id", "proposal_id"),
            )
            new = f"{rag} ({reason})" if reason else rag
            self._log(
                Change(
                    at.isoformat(),
                    who,
                    via,
                    programme_id,
                    proposal_id,
                    "rag",
                    old.rag if old else (paper_rag or ""),
                    new,
                )
            )
        return old.rag if old else None

    def rag(self, programme_id: str, proposal_id: str) -> RagOverride | None:
        rows = self._cached(
            ("rag", programme_id, proposal_id),
            "select rag, reason, updated_by, updated_at from rag_overrides"
            " where programme_id = ? and proposal_id = ?",
            (programme_id, proposal_id),
        )
        return RagOverride(*(str(v) for v in rows[0])) if rows else None

    def history(self, programme_id: str, subject: str, limit: int = 20) -> list[Change]:
        rows = self._read(
            "select at, who, via, programme_id, subject, field, old, new from change_log"
            " where programme_id = ? and subject = ? order by id desc limit ?",
            (programme_id, subject, limit),
        )
        return [Change(*(str(v) for v in row)) for row in rows]

    def change_log(self) -> list[Change]:
        rows = self._read(
            "select at, who, via, programme_id, subject, field, old, new from change_log order by id"
        )
        return [Change(*(str(v) for v in row)) for row in rows]

    def backup(self, target: Path) -> None:
        """A consistent copy while the bot runs, through SQLite's online backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target)
        try:
            with self._lock:
                self.conn.backup(destination)
        finally:
            destination.close()


def milestone_change(
    programme_id: str,
    milestone_id: str,
    old_date: str,
    new_date: str,
    who: str,
    via: str,
    at: datetime,
) -> Change:
    """The change-log line for a milestone added (no old date) or given a new date."""
    field = "date" if old_date else "added"
    return Change(at.isoformat(), who, via, programme_id, milestone_id, field, old_date, new_date)


def log_in_transaction(conn: sqlite3.Connection, change: Change) -> None:
    """Add a change-log line inside a caller's open transaction on the same file, so a write
    kept by another store (milestone edits) and its history line commit together."""
    conn.execute(
        "insert into change_log (at, who, via, programme_id, subject, field, old, new)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        (change.at, change.who, change.via, change.programme_id, change.subject, change.field,
         change.old, change.new),
    )  # fmt: skip
