"""Reading one build of the knowledge base: rows, caches and the switch to a rebuilt file."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, cast

from knowledge.model import Source
from knowledge.opened_build import OpenedBuild, ReadOnlyDatabase, connect_read_only, file_stamp
from knowledge.rows import Row

if TYPE_CHECKING:
    from knowledge.state.milestone_edits import MilestoneEdits

log = logging.getLogger(__name__)


class BuildReader:
    """One knowledge-base file opened read-only: its rows, its caches, and the switch to a new
    build of it (``reload_if_changed``); ``generation`` counts the switches, so holders of
    derived data know to refresh. The queries build on this (``knowledge.queries``)."""

    def __init__(
        self, db: ReadOnlyDatabase, overlay: MilestoneEdits | None = None, path: Path | None = None
    ):
        self.overlay = overlay
        self.path = path
        self.generation = 0
        self._opened = OpenedBuild(db, file_stamp(path) if path else None)
        self._reload_lock = threading.Lock()
        self._refused_stamp: tuple[int, ...] | None = None

    @property
    def db(self) -> ReadOnlyDatabase:
        return self._opened.db

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Cache a value derived from the reference data (the audit, say) under ``key``."""
        opened = self._opened
        try:
            return opened.memo[("memo", key)]
        except KeyError:
            value = compute()
            # a key of one part spans the build ("name groups"); longer ones name a programme
            whole_build = not isinstance(key, tuple) or len(key) == 1
            opened.keep(("memo", key), value, whole_build)
            return value

    def remembered(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Like ``memo``, for values keyed by what people ask (there may be any number of
        those): only the most recent are kept."""
        return self._opened.remembered(("remembered", key), compute)

    @classmethod
    def open(cls, path: Path, overlay: MilestoneEdits | None = None) -> Self:
        """Open read-only; ``overlay`` adds the milestones and dates recorded in the state DB."""
        return cls(connect_read_only(path), overlay, path)

    def reload_if_changed(self) -> bool:
        """Switch to a new build of the file, if one replaced it; True when it did.

        Queries already running finish on the old build; the next ones use the new one.
        """
        if self.path is None:
            return False
        with self._reload_lock:
            stamp = file_stamp(self.path)
            if stamp is None or stamp in (self._opened.stamp, self._refused_stamp):
                return False
            db = connect_read_only(self.path)
            try:  # a file put there by hand may not be a build: keep the old until one reads
                db.execute("select count(*) from programmes").fetchone()
            except sqlite3.DatabaseError as error:
                db.conn.close()
                self._refused_stamp = stamp
                log.warning(
                    "%s changed but does not read (%s); keeping the open one", self.path, error
                )
                return False
            self._opened = OpenedBuild(db, stamp)
            self.generation += 1
            return True

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return self.db.query(sql, params)

    @property
    def _document_titles(self) -> dict[str, str]:
        return cast(
            dict[str, str],
            self.memo(
                "document titles",
                lambda: {
                    r["id"]: r["document_title"]
                    for r in self._rows("select id, document_title from programmes")
                },
            ),
        )

    def _source(self, programme_id: str, row: Row) -> Source:
        return Source(
            programme_id=programme_id,
            document_title=self._document_titles.get(programme_id, programme_id),
            location=row["source"],
            basis=row.get("basis") or "stated",
            note=(row.get("note") or "").strip(),
        )
