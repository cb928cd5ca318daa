"""Connecting to ``state.db``, opening it once with its migrations, and the stores' shared base.

Several stores share the file (channel defaults, tracking, milestone edits, the reminder
ledger) and several processes may open it (the bot, the CLI). Each waits for the others rather
than failing, and each write is one ``BEGIN IMMEDIATE`` transaction, so a check and the write
that depends on it cannot be split by another writer.

Reads the bot repeats on every answer (a channel's default programme, tracked amounts, the
milestone edits' version) are cached by each store until SQLite's ``data_version`` says some
other connection committed. Inside ``StateView()`` that question is asked once per watch, so
one answer costs at most one query however many stores it reads.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from knowledge.state.migrations import apply_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
T = TypeVar("T")
_MISSING = object()


class StateBusy(Exception):
    """Another writer held ``state.db``'s lock past the busy timeout; nothing was changed.

    Its message is for the person who asked: what happened and to try again.
    """

    def __init__(self) -> None:
        super().__init__(
            "The bot's data is busy with another change (an import, perhaps), so nothing "
            "was changed. Please try again in a moment."
        )


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY or SQLITE_LOCKED, any extended code)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error)


class StateFileError(Exception):
    """``state.db`` is there but cannot be used as it is (empty, damaged or unreadable): the
    bot must not start a new one on top of what may have held every record."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


def connect_state(path: Path) -> sqlite3.Connection:
    """A connection that waits for other writers instead of failing (WAL: readers never wait)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


_views: ContextVar[dict[StateWatch, int] | None] = ContextVar("cyps_state_view", default=None)


class StateView:
    """Within this block each watch asks SQLite once whether ``state.db`` changed: an answer
    sees one state, and pays one query for it instead of one per read. (A class rather than a
    generator: it wraps every answer, and this costs a third as much.)"""

    def __enter__(self) -> None:
        self._token = _views.set({})

    def __exit__(self, *exc_info: object) -> None:
        _views.reset(self._token)


class StateWatch:
    """Tells caches whether ``state.db`` changed, through SQLite's ``PRAGMA data_version``.

    That number moves when any *other* connection commits, in this process or another. A watch
    on its own connection (``StateWatch.open``) therefore sees every store's writes and can be
    shared; a watch on a store's connection misses that store's own writes, which the store
    handles by clearing its cache when it writes. Stores also call ``wrote()``, so a write in
    this process is seen by every store sharing the watch at once.

    ``max_age`` lets a long-running bot ask SQLite at most that often, timed by ``clock`` (the
    caller's, such as ``time.monotonic``): another process's commit (a CSV import, say) then
    shows within ``max_age`` seconds, and answers in between run no query at all. Without
    them it asks on every check.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        lock: threading.RLock | None = None,
        max_age: float = 0.0,
        clock: Callable[[], float] | None = None,
    ):
        if max_age > 0 and clock is None:
            raise ValueError("a max_age needs a clock to measure it")
        self._conn = conn
        self._lock = lock or threading.RLock()
        self._max_age = max_age
        self._clock = clock or (lambda: 0.0)  # with max_age 0 every check asks SQLite
        self._data_version: int | None = None
        self._checked_at = 0.0
        self._writes = 0

    @classmethod
    def open(
        cls, path: Path, max_age: float = 0.0, clock: Callable[[], float] | None = None
    ) -> StateWatch:
        """A watch with a connection of its own, to share between the stores on ``path``."""
        return cls(connect_state(path), max_age=max_age, clock=clock)

    def wrote(self) -> None:
        """A store sharing this watch committed a change."""
        with self._lock:
            self._writes += 1

    def version(self) -> tuple[int, int]:
        """Changes as far as this watch knows: other connections' commits, then this process's."""
        views = _views.get()
        if views is not None and self in views:
            return views[self], self._writes
        data_version = self._current_data_version()
        if views is not None:
            views[self] = data_version
        return data_version, self._writes

    def _current_data_version(self) -> int:
        known = self._data_version  # read without the lock: an answer's hot path
        if known is not None and self._clock() - self._checked_at < self._max_age:
            return known
        with self._lock:
            now = self._clock()
            if self._data_version is None or now - self._checked_at >= self._max_age:
                self._data_version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
                self._checked_at = now
            return self._data_version


class StateDB:
    """``state.db`` opened once: its schema brought up to date and one watch for its stores.

    Every store takes a ``StateDB`` and asks it for a connection of its own, so the schema
    comes from one place (``knowledge.state.migrations``) whoever opens the file first.
    """

    def __init__(self, path: Path, watch: StateWatch):
        self.path = path
        self.watch = watch

    @classmethod
    def open(
        cls, path: Path, max_age: float = 0.0, clock: Callable[[], float] | None = None
    ) -> StateDB:
        """Open (creating if need be) and migrate; ``max_age`` and ``clock`` as ``StateWatch``.

        A new file appears whole or not at all (``_create``), so an existing file that is
        empty, is not SQLite, or fails SQLite's own quick check is damaged: StateFileError,
        never a fresh start that would hide every record and the change log.
        """
        if not path.exists():
            _create(path)
        _check_header(path)
        try:
            conn = connect_state(path)
            problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                conn.close()
                raise StateFileError(path, f"is damaged ({problems[0][:120]})")
            apply_migrations(conn)
        except sqlite3.DatabaseError as error:  # "malformed", "not a database", cannot open
            raise StateFileError(path, f"is damaged or unreadable ({error})") from None
        return cls(path, StateWatch(conn, max_age=max_age, clock=clock))

    def connect(self) -> sqlite3.Connection:
        return connect_state(self.path)

    def backup(self, target: Path) -> None:
        """A consistent copy while the bot runs, through SQLite's online backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        source, destination = self.connect(), sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()


def _create(path: Path) -> None:
    """A new ``state.db``, migrated beside its place and then linked into it, so no process
    ever sees a half-made file (an empty one would look like a damaged one). When two
    processes race, the first link wins and the other's copy is dropped."""
    import secrets  # only when a state.db is first made

    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    conn = connect_state(fresh)
    try:
        apply_migrations(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    try:
        os.link(fresh, path)
    except FileExistsError:
        pass  # another process made it first; use theirs
    except OSError:  # a filesystem without hard links
        if not path.exists():
            os.replace(fresh, path)
    finally:
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StateFileError(
            path, f"cannot be read ({error.strerror or type(error).__name__})"
        ) from None
    if not head:
        raise StateFileError(path, "is empty (0 bytes)")
    if head != SQLITE_HEADER:
        raise StateFileError(path, "is not a SQLite database")


class Store:
    """One connection shared by a store's threads, serialised by a lock, with a read cache
    that lasts until the state's watch sees a commit elsewhere or the store writes."""

    def __init__(self, state: StateDB):
        self.state = state
        self.conn = state.connect()
        self._lock = threading.RLock()
        self._watch = state.watch
        self._cache: dict[object, object] = {}
        self._cache_version: tuple[int, int] | None = None

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the store's connection, for its writes; made on the first, as
        reads (all most processes do) need only the connection."""
        from sqlite_utils import Database

        return Database(self.conn)

    def _cached_read(self, key: object, read: Callable[[], T]) -> T:
        """``read()``'s value, reused until the state changes. Callers must not mutate it.

        A hit takes no lock (the version and the dict are read atomically); a value is never
        older than the version it is filed under, as it is read after that version was seen.
        """
        version = self._watch.version()
        if version == self._cache_version:
            hit = self._cache.get(key, _MISSING)
            if hit is not _MISSING:
                return hit  # type: ignore[return-value]
        with self._lock:
            if version != self._cache_version:
                self._cache.clear()
                self._cache_version = version
            if key not in self._cache:
                self._cache[key] = read()
            return self._cache[key]  # type: ignore[return-value]

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding SQLite's lock, so check-then-write is atomic.

        Waiting longer than the busy timeout for another writer raises StateBusy, having
        changed nothing.
        """
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if _is_busy(error):
                    raise StateBusy() from None
                raise
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
                    raise StateBusy() from None
                raise
            finally:
                self._cache.clear()  # whatever was cached may be what this write changed
            self._watch.wrote()

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()
