"""The bot's own data (channel defaults and, later, tracking), kept apart from the reference
knowledge base so that rebuilding that from the papers never loses anything users recorded."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database, Migrations

from knowledge.statedb import apply_migrations, connect_state

state_migrations = Migrations("cyps-state")


@state_migrations()
def create_channel_defaults(db: Database) -> None:
    db.table("channel_defaults").create(
        {"channel_id": str, "programme_id": str, "set_by": str}, pk="channel_id"
    )


class StateStore:
    """SQLite-backed preferences; safe to share between threads (one connection, serialised)."""

    def __init__(self, path: Path):
        self.db = Database(connect_state(path))
        apply_migrations(self.db, state_migrations)

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
