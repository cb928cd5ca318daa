"""Change counters in ``state.db``: a running scheduler polls one row to learn that milestones
or reminder targets changed, whichever process changed them."""

from __future__ import annotations

import sqlite3
from datetime import datetime

MILESTONES = "milestones"
REMINDER_TARGETS = "reminder_targets"
DIGEST_TARGETS = "digest_targets"


def bump_version(conn: sqlite3.Connection, name: str, at: datetime) -> None:
    """Record that ``name`` changed, inside the caller's transaction."""
    conn.execute(
        "insert into edit_versions (name, version, changed_at) values (?, 1, ?)"
        " on conflict(name) do update set version = version + 1, changed_at = excluded.changed_at",
        (name, at.isoformat()),
    )


def read_version(conn: sqlite3.Connection, name: str) -> int:
    """How many times ``name`` has changed (see ``bump_version``); 0 before the first change."""
    row = conn.execute("select version from edit_versions where name = ?", (name,)).fetchone()
    return int(row[0]) if row else 0
