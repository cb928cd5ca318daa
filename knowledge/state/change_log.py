"""Who changed what, when and from where: one line per recorded amount, RAG or milestone edit.

A line is always written inside the transaction of the change it describes, so the change and
its history commit together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from knowledge.state.connection import Store

if TYPE_CHECKING:
    from sqlite_utils import Database

_COLUMNS = "at, who, via, programme_id, subject, field, old, new"


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


def milestone_change(
    programme_id: str,
    milestone_id: str,
    old_date: str,
    new_date: str,
    who: str,
    via: str,
    at: datetime,
) -> Change:
    """The line for a milestone added (no old date) or given a new date."""
    field = "date" if old_date else "added"
    return Change(at.isoformat(), who, via, programme_id, milestone_id, field, old_date, new_date)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def log_change(conn: sqlite3.Connection, change: Change) -> None:
    """Add a line inside the caller's open transaction on ``conn``."""
    conn.execute(
        f"insert into change_log ({_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)", astuple(change)
    )


def log_changes(db: Database, changes: Iterable[Change], batch_size: int = 1000) -> None:
    """Add many lines in batches, inside the caller's open transaction on ``db``."""
    db.table("change_log").insert_all((vars(change) for change in changes), batch_size=batch_size)


class ChangeLog(Store):
    """Reading the change log; the stores that change things write it (``log_change``)."""

    def history(self, programme_id: str, subject: str, limit: int = 20) -> list[Change]:
        """The latest changes to one proposal or milestone, newest first."""
        rows = self._read(
            f"select {_COLUMNS} from change_log"
            " where programme_id = ? and subject = ? order by id desc limit ?",
            (programme_id, subject, limit),
        )
        return [Change(*(str(v) for v in row)) for row in rows]

    def between(
        self, programme_id: str, start: datetime, end: datetime, limit: int = 500
    ) -> list[Change]:
        """The changes to a programme made from ``start`` up to ``end``, newest first.

        Times are compared as moments (lines written in London time and in UTC both sort
        right), among the programme's latest ``limit`` lines.
        """
        rows = self._read(
            f"select {_COLUMNS} from change_log where programme_id = ? order by id desc limit ?",
            (programme_id, limit),
        )
        changes = [Change(*(str(v) for v in row)) for row in rows]
        return [c for c in changes if start <= _moment(c.at) < end]

    def all(self) -> list[Change]:
        """Every line, oldest first (for the CSV export)."""
        rows = self._read(f"select {_COLUMNS} from change_log order by id")
        return [Change(*(str(v) for v in row)) for row in rows]
