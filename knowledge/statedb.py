"""The bot's own SQLite file (``state.db``): one way to connect, migrate and write to it.

Several stores share the file (channel defaults, tracking, milestone edits, the reminder
ledger) and several processes may open it (the bot, the CLI). Each waits for the others rather
than failing, and each write is one ``BEGIN IMMEDIATE`` transaction, so a check and the write
that depends on it cannot be split by another writer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations

BUSY_TIMEOUT_MS = 30_000


def connect_state(path: Path) -> sqlite3.Connection:
    """A connection that waits for other writers instead of failing (WAL: readers never wait)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def apply_migrations(db: Database, migrations: Migrations, attempts: int = 5) -> None:
    """Apply ``migrations``, tolerating another process applying them at the same moment."""
    for attempt in range(attempts):
        try:
            migrations.apply(db)
            return
        except (sqlite3.OperationalError, sqlite3.IntegrityError):
            if attempt == attempts - 1:
                raise


class StateConnection:
    """One connection shared by a store's threads, serialised by a lock."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._lock = threading.RLock()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding SQLite's lock, so check-then-write is atomic."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()
