"""The bot's own data (channel defaults and, later, tracking), kept apart from the reference
knowledge base so that rebuilding that from the papers never loses anything users recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

state_migrations = Migrations("cyps-state")


@state_migrations()
def create_channel_defaults(db: Database) -> None:
    db.table("channel_defaults").create(
        {"channel_id": str, "programme_id": str, "set_by": str}, pk="channel_id"
    )


class StateStore:
    """SQLite-backed preferences; safe to share between threads (one connection, serialised)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        self.db = Database(conn)
        state_migrations.apply(self.db)

    def default_programme(self, channel_id: str) -> str | None:
        row = self.db.execute(
            "select programme_id from channel_defaults where channel_id = ?", [channel_id]
        ).fetchone()
        return row[0] if row else None

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None:
        self.db.table("channel_defaults").upsert(
            {"channel_id": channel_id, "programme_id": programme_id, "set_by": user_id},
            pk="channel_id",
        )
