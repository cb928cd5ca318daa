"""The bot's own data (channel defaults and, later, tracking), kept apart from the reference
knowledge base so that rebuilding that from the papers never loses anything users recorded."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database, Migrations

from knowledge.statedb import StateConnection, StateWatch, apply_migrations, connect_state

state_migrations = Migrations("cyps-state")


@state_migrations()
def create_channel_defaults(db: Database) -> None:
    db.table("channel_defaults").create(
        {"channel_id": str, "programme_id": str, "set_by": str}, pk="channel_id"
    )


class StateStore(StateConnection):
    """SQLite-backed preferences; safe to share between threads (one connection, serialised).

    Every answer asks for its channel's default, so the answer is cached until state.db
    changes (see ``knowledge.statedb``)."""

    def __init__(self, path: Path, watch: StateWatch | None = None):
        super().__init__(connect_state(path), watch)
        self.db = Database(self.conn)
        apply_migrations(self.db, state_migrations)

    def default_programme(self, channel_id: str) -> str | None:
        return self._cached_read(("default", channel_id), lambda: self._read_default(channel_id))

    def _read_default(self, channel_id: str) -> str | None:
        row = self.conn.execute(
            "select programme_id from channel_defaults where channel_id = ?", [channel_id]
        ).fetchone()
        return row[0] if row else None

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                "insert into channel_defaults (channel_id, programme_id, set_by) values (?, ?, ?)"
                " on conflict (channel_id) do update"
                " set programme_id = excluded.programme_id, set_by = excluded.set_by",
                (channel_id, programme_id, user_id),
            )
