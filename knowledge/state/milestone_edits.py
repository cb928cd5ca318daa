"""Milestones the board adds or re-dates, kept in ``state.db`` and laid over the papers'.

The reference knowledge base is rebuilt from the source files and would lose anything written
into it, so edits live in ``state.db``; ``KnowledgeBase`` merges them into every milestone query,
which is how ``gateway next`` and the reminder plan see the same dates. Every edit bumps a
version number, so a running scheduler in another process notices it by polling one row, and
notes that number against the milestone it changed, so the scheduler reads back only those
(``changed_since``). Anything that writes ``milestone_edits`` must do both, in its transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from knowledge.dates import LONDON, BadDate, PaperDate
from knowledge.model import MILESTONE_KINDS, Milestone, Source
from knowledge.state.connection import Store
from knowledge.state.versions import MILESTONES, bump_version, read_version

RECORDED_IN = "Recorded in cyps"
_KEYS_PER_QUERY = 400  # two parameters each, well inside SQLite's limit


class MilestoneEditError(ValueError):
    """An edit that cannot be made (unknown milestone, kind or programme); says what to do."""


@dataclass(frozen=True)
class MilestoneEdit:
    """One added milestone (``origin="added"``) or one new date for a paper's milestone."""

    programme_id: str
    id: str
    origin: str
    kind: str
    date: PaperDate
    title: str
    decides: str
    previous_date: str
    edited_by: str
    edited_at: str


def parse_milestone_date(text: str, tz: ZoneInfo = LONDON) -> PaperDate:
    """An ISO 8601 date (``2026-03-02``), month (``2026-03``) or date-time (``2026-03-02T10:00``,
    with or without seconds). A time with no offset is a wall time in ``tz``; one with an offset
    (``+01:00`` or ``Z``) is converted to it, because milestones are kept as local wall times."""
    text = text.strip()
    if "T" not in text and " " not in text:
        return _plausible(PaperDate.parse(text))
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise BadDate(
            f'"{text}" is not a date-time: write it like 2026-03-02T10:00 (London time) '
            "or 2026-03-02T10:00+00:00"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return _plausible(PaperDate.parse(moment.strftime("%Y-%m-%dT%H:%M")))


def _plausible(when: PaperDate) -> PaperDate:
    """A programme milestone falls between 1900 and 2100; anything else is a typo."""
    if not 1900 <= when.first_day().year <= 2100:
        raise BadDate(
            f'"{when.iso}" is not a plausible milestone date: use a year from 1900 to 2100'
        )
    return when


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "milestone"


def _edit(row: tuple[Any, ...]) -> MilestoneEdit:
    return MilestoneEdit(row[0], row[1], row[2], row[3], PaperDate.parse(row[4]), *row[5:])


def _changed(conn: sqlite3.Connection, programme_id: str, milestone_id: str, at: datetime) -> None:
    """Inside the edit's transaction: bump the counter and note its new value against the
    milestone, so ``changed_since`` finds it."""
    bump_version(conn, MILESTONES, at)
    conn.execute(
        "insert into milestone_edit_versions (programme_id, id, version)"
        " select ?, ?, version from edit_versions where name = ?"
        " on conflict (programme_id, id) do update set version = excluded.version",
        (programme_id, milestone_id, MILESTONES),
    )


class MilestoneEdits(Store):
    """Read and write milestone edits; one connection, serialised by a lock for thread safety."""

    def version(self) -> int:
        """Changes so far; a different number means the milestones changed."""
        return self._cached_read("version", lambda: read_version(self.conn, MILESTONES))

    def changed_since(self, version: int) -> set[tuple[str, str]]:
        """The (programme, milestone id) of every milestone edited after change ``version``
        (a ``version()`` value), read afresh."""
        rows = self._read(
            "select programme_id, id from milestone_edit_versions where version > ?", (version,)
        )
        return {(str(p), str(i)) for p, i in rows}

    def edits(self, keys: Collection[tuple[str, str]] | None = None) -> list[MilestoneEdit]:
        """Every edit, or only those of the milestones with these (programme, id) keys."""
        columns = (
            "select programme_id, id, origin, kind, date, title, decides, previous_date,"
            " edited_by, edited_at from milestone_edits"
        )
        if keys is None:
            rows = self._read(f"{columns} order by edited_at, programme_id, id")
        else:
            wanted, rows = list(keys), []
            for start in range(0, len(wanted), _KEYS_PER_QUERY):
                chunk = wanted[start : start + _KEYS_PER_QUERY]
                pairs = ", ".join("(?, ?)" for _ in chunk)
                rows += self._read(
                    f"{columns} where (programme_id, id) in (values {pairs})",
                    tuple(part for key in chunk for part in key),
                )
            rows.sort(key=lambda r: (r[9], r[0], r[1]))
        return [_edit(r) for r in rows]

    def apply(
        self,
        milestones: Iterable[Milestone],
        titles: dict[str, str],
        only: Collection[tuple[str, str]] | None = None,
    ) -> list[Milestone]:
        """The paper's milestones with new dates applied and added ones appended; with
        ``only``, just the edits of the milestones with those keys."""
        merged = {(m.programme_id, m.id): m for m in milestones}
        for edit in self.edits(only):
            found = merged.get((edit.programme_id, edit.id))
            if edit.origin == "moved" and found is not None:
                note = (
                    f"Date set to {edit.date.display()} by {edit.edited_by} on "
                    f"{edit.edited_at[:10]}; the paper gives {edit.previous_date}."
                )
                merged[(edit.programme_id, edit.id)] = replace(
                    found,
                    date=edit.date,
                    source=replace(
                        found.source,
                        note=f"{found.source.note} {note}".strip(),
                    ),
                )
            elif edit.origin == "added" and edit.programme_id in titles:
                merged[(edit.programme_id, edit.id)] = Milestone(
                    programme_id=edit.programme_id,
                    id=edit.id,
                    kind=edit.kind,
                    date=edit.date,
                    title=edit.title,
                    decides=edit.decides,
                    phase_id=None,
                    source=Source(
                        programme_id=edit.programme_id,
                        document_title=RECORDED_IN,
                        location=f"added by {edit.edited_by} on {edit.edited_at[:10]}",
                        basis="recorded",
                    ),
                )
        return list(merged.values())

    def add(
        self,
        programme_id: str,
        kind: str,
        date: PaperDate,
        title: str,
        by: str,
        at: datetime,
        taken_ids: Iterable[str] = (),
        decides: str = "",
        via: str = "slack",
    ) -> MilestoneEdit:
        """Record a new milestone with an id made from its title, unique in the programme."""
        from knowledge.state.change_log import log_change, milestone_change  # writes only

        if kind not in MILESTONE_KINDS:
            raise MilestoneEditError(
                f'"{kind}" is not a milestone kind: use one of {", ".join(MILESTONE_KINDS)}.'
            )
        if not title.strip():
            raise MilestoneEditError("Give the milestone a title with --title.")
        taken = set(taken_ids)
        with self._write() as conn:
            taken.update(
                r[0]
                for r in conn.execute(
                    "select id from milestone_edits where programme_id = ?", (programme_id,)
                )
            )
            base = slug(title)
            new_id, n = base, 2
            while new_id in taken:
                new_id, n = f"{base}-{n}", n + 1
            conn.execute(
                "insert into milestone_edits values (?, ?, 'added', ?, ?, ?, ?, '', ?, ?)",
                (programme_id, new_id, kind, date.iso, title.strip(), decides, by, at.isoformat()),
            )
            log_change(conn, milestone_change(programme_id, new_id, "", date.iso, by, via, at))
            _changed(conn, programme_id, new_id, at)
        return MilestoneEdit(
            programme_id,
            new_id,
            "added",
            kind,
            date,
            title.strip(),
            decides,
            "",
            by,
            at.isoformat(),
        )

    def move(
        self, milestone: Milestone, date: PaperDate, by: str, at: datetime, via: str = "slack"
    ) -> MilestoneEdit:
        """Give a milestone a new date; an added one is updated in place, a paper's is overlaid."""
        from knowledge.state.change_log import log_change, milestone_change  # writes only

        with self._write() as conn:
            row = conn.execute(
                "select origin, previous_date from milestone_edits where programme_id = ? and id = ?",
                (milestone.programme_id, milestone.id),
            ).fetchone()
            origin = row[0] if row else "moved"
            previous = (
                row[1] if row and origin == "moved" else ("" if row else milestone.date.display())
            )
            if row:
                conn.execute(
                    "update milestone_edits set date = ?, edited_by = ?, edited_at = ?"
                    " where programme_id = ? and id = ?",
                    (date.iso, by, at.isoformat(), milestone.programme_id, milestone.id),
                )
            else:
                conn.execute(
                    "insert into milestone_edits values (?, ?, 'moved', ?, ?, ?, ?, ?, ?, ?)",
                    (
                        milestone.programme_id,
                        milestone.id,
                        milestone.kind,
                        date.iso,
                        milestone.title,
                        milestone.decides,
                        previous,
                        by,
                        at.isoformat(),
                    ),
                )
            change = milestone_change(
                milestone.programme_id, milestone.id, milestone.date.iso, date.iso, by, via, at
            )
            log_change(conn, change)  # the edit and its history line commit together
            _changed(conn, milestone.programme_id, milestone.id, at)
        return MilestoneEdit(
            milestone.programme_id,
            milestone.id,
            origin,
            milestone.kind,
            date,
            milestone.title,
            milestone.decides,
            previous,
            by,
            at.isoformat(),
        )
