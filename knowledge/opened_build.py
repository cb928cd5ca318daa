"""One opened build of the knowledge base: its read-only connection, the stamp that tells a
rebuilt file from the one opened, and the cache of everything read from it, replaced together
when the bot switches to a new build."""

from __future__ import annotations

import functools
import itertools
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class ReadOnlyDatabase:
    """A build's read-only connection, with the one sqlite-utils call the queries need
    (``query``: rows as dicts). sqlite-utils itself is for writing builds and ``state.db``;
    importing it costs more than answering (it imports numpy), and its ``query`` wraps each
    statement in a savepoint that a read-only file does not need."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]


def memoized(method: F) -> F:
    """Cache a query's result for the life of the object: the reference database never changes
    while it is open (a rebuild replaces the file and the bot reopens it), so each question
    pays for a SQL round trip and JSON parsing only once. Lists come back as fresh copies."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = (name, args, tuple(sorted(kwargs.items()))) if kwargs else (name, args)
        opened = self._opened  # taken once: a reload mid-query only wastes this result
        try:
            value = opened.memo[key]
        except KeyError:
            value = method(self, *args, **kwargs)
            opened.keep(key, value, whole_build=not args or args[0] is None)
        return list(value) if isinstance(value, list) else value

    return wrapper  # type: ignore[return-value]


class OpenedBuild:
    """One opened build: its connection and everything cached from it, replaced together.

    ``memo`` holds what is read from the build itself. What spans the whole build (every
    programme's names, every milestone) is kept while the build is open: one entry each.
    What is read per programme is kept for the latest ``PER_PROGRAMME`` entries only, the
    oldest dropped first, so a build of thousands of programmes holds the ones being asked
    about rather than all of them. ``recent`` holds answers to questions people type
    (full-text searches), which have no bound of their own: the latest ``RECENT`` of them.
    """

    RECENT = 2048
    PER_PROGRAMME = 20_000  # the default build needs about 2,000 entries, so never drops one

    def __init__(self, db: ReadOnlyDatabase, stamp: tuple[int, ...] | None = None):
        self.db = db
        self.stamp = stamp
        self.memo: dict[Any, Any] = {}
        self._per_programme: dict[Any, None] = {}  # memo's per-programme keys, oldest first
        self._memo_lock = threading.Lock()
        self.recent: OrderedDict[Any, Any] = OrderedDict()
        self._recent_lock = threading.Lock()

    def keep(self, key: Any, value: Any, whole_build: bool) -> None:
        """Cache ``value``; per-programme entries beyond ``PER_PROGRAMME`` drop the oldest
        tenth (a tenth at a time, so the cost of dropping is rare)."""
        with self._memo_lock:
            self.memo[key] = value
            if whole_build:
                return
            self._per_programme[key] = None
            if len(self._per_programme) > self.PER_PROGRAMME:
                oldest = list(itertools.islice(self._per_programme, self.PER_PROGRAMME // 10))
                for old in oldest:
                    del self._per_programme[old]
                    self.memo.pop(old, None)

    def remembered(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value, kept among the latest ``RECENT`` asked for."""
        with self._recent_lock:
            if key in self.recent:
                self.recent.move_to_end(key)
                return self.recent[key]
        value = compute()
        with self._recent_lock:
            self.recent[key] = value
            if len(self.recent) > self.RECENT:
                self.recent.popitem(last=False)
        return value


def file_stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when a build replaces the file (it is swapped in, so a new inode)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def connect_read_only(path: Path) -> ReadOnlyDatabase:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return ReadOnlyDatabase(conn)
