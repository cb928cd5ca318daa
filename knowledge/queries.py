"""Typed read-only queries over the knowledge base; every record carries its source."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import threading
from collections.abc import Callable, Collection
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from knowledge.dates import PaperDate, last_day
from knowledge.model import (
    INCREMENTS,
    Figure,
    Milestone,
    MilestoneKey,
    Phase,
    PhaseName,
    Programme,
    Proposal,
    ProposalName,
    Source,
    Table,
    TableRow,
    YearSavings,
)
from knowledge.opened_build import (
    OpenedBuild,
    ReadOnlyDatabase,
    connect_read_only,
    file_stamp,
    memoized,
)
from knowledge.rows import (
    Row,
    breakdown_by_proposal,
    to_figure,
    to_milestone,
    to_phase,
    to_programme,
    to_proposal,
    to_table,
    to_table_row,
)

if TYPE_CHECKING:
    from knowledge.state.milestone_edits import MilestoneEdits


log = logging.getLogger(__name__)


class KnowledgeBase:
    """Queries over one knowledge-base database. Cheap to share: reads only.

    Opened from a file, it can follow a rebuild of that file (``reload_if_changed``) without
    a restart; ``generation`` counts the reloads, so holders of derived data know to refresh.
    """

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
    def open(cls, path: Path, overlay: MilestoneEdits | None = None) -> KnowledgeBase:
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

    # Programmes -------------------------------------------------------------------------
    @memoized
    def programmes(self) -> list[Programme]:
        rows = self._rows("select * from programmes order by id")
        return [to_programme(r, self._source) for r in rows]

    @memoized
    def programme(self, programme_id: str) -> Programme | None:
        rows = self._rows("select * from programmes where id = ?", (programme_id,))
        return to_programme(rows[0], self._source) if rows else None

    # Phases -----------------------------------------------------------------------------
    @memoized
    def phases(self, programme_id: str) -> list[Phase]:
        rows = self._rows(
            "select * from phases where programme_id = ? order by coalesce(start, ''), number, id",
            (programme_id,),
        )
        return [to_phase(r, self._source) for r in rows]

    @memoized
    def phase_names(self) -> list[PhaseName]:
        """Every phase's programme, id and name, for finding phases named in a question."""
        rows = self._rows("select programme_id, id, name from phases order by programme_id, rowid")
        return [PhaseName(r["programme_id"], r["id"], r["name"]) for r in rows]

    @memoized
    def milestone_titles(self) -> list[str]:
        """Every milestone title the papers print, once each (a question's vocabulary)."""
        return [r["title"] for r in self._rows("select distinct title from milestones")]

    @memoized
    def figure_labels(self) -> list[str]:
        """Every named figure's label ("cost per hour Contact Service"), once each."""
        rows = self._rows("select distinct measure, subject from figures where table_id is null")
        return [f"{r['measure']} {r['subject']}" for r in rows]

    def phases_on(self, programme_id: str, day: date) -> list[Phase]:
        """Phases running on ``day``: a month-only end runs to the end of that month, and a phase
        with no end given runs until the next phase starts."""
        return [
            phase
            for phase, first, last in self.phase_spans(programme_id)
            if first <= day and (last is None or day <= last)
        ]

    @memoized
    def phase_spans(self, programme_id: str) -> list[tuple[Phase, date, date | None]]:
        """Each dated phase with the first and last day it runs (None: still running), worked
        out once, so asking which phase runs on a day is a few comparisons."""
        phases = self.phases(programme_id)
        starts = sorted({p.start.first_day() for p in phases if p.start})
        spans = []
        for phase in phases:
            if phase.start is None:
                continue
            first = phase.start.first_day()
            last = last_day(phase.end) if phase.end else None
            if phase.end is None:
                later = [s for s in starts if s > first]
                last = later[0] - timedelta(days=1) if later else None
            spans.append((phase, first, last))
        return spans

    # Milestones -------------------------------------------------------------------------
    def milestones(
        self, programme_id: str | None = None, kinds: tuple[str, ...] = ()
    ) -> list[Milestone]:
        if self.overlay is not None:
            return self._overlaid_milestones(programme_id, kinds)
        return [m for m in self._paper_milestones(programme_id) if not kinds or m.kind in kinds]

    def milestones_keyed(self, keys: Collection[tuple[str, str]]) -> list[Milestone]:
        """The milestones with these (programme, id) keys, edits laid over as in ``milestones``
        but without merging all the others (the reminder scheduler's read after an edit)."""
        wanted = set(keys)
        paper = self._paper_milestones_by_key()
        found = [paper[key] for key in wanted if key in paper]
        if self.overlay is None:
            return found
        merged = self.overlay.apply(found, self._document_titles, only=wanted)
        return [m for m in merged if (m.programme_id, m.id) in wanted]

    @memoized
    def _paper_milestones_by_key(self) -> dict[tuple[str, str], Milestone]:
        return {(m.programme_id, m.id): m for m in self._paper_milestones()}

    @memoized
    def _paper_milestones(self, programme_id: str | None = None) -> list[Milestone]:
        """The papers' milestones in date order: one programme's (through its index), or all."""
        where, params = ("where programme_id = ?", (programme_id,)) if programme_id else ("", ())
        rows = self._rows(
            f"select * from milestones {where} order by start, programme_id, id", params
        )
        return [to_milestone(r, self._source) for r in rows]

    def _overlaid_milestones(
        self, programme_id: str | None, kinds: tuple[str, ...]
    ) -> list[Milestone]:
        """Milestones with the board's own additions and new dates laid over the papers'."""
        assert self.overlay is not None
        key = ("overlaid", self.overlay.version(), programme_id, kinds)
        memo = self._opened.memo  # taken once, as in memoized
        chosen = memo.get(key)
        if chosen is None:
            merged = self.overlay.apply(self._paper_milestones(programme_id), self._document_titles)
            chosen = sorted(
                (
                    m
                    for m in merged
                    if (not programme_id or m.programme_id == programme_id)
                    and (not kinds or m.kind in kinds)
                ),
                key=lambda m: (m.date.start(), m.programme_id, m.id),
            )
            memo[key] = chosen
        return list(chosen)

    def milestone_keys(self) -> list[MilestoneKey]:
        """Every milestone's place in date order, the board's edits laid over (a new date, an
        added milestone), without building the milestones: a list of thousands of programmes'
        is read through these, and only the milestones shown are built."""
        version = self.overlay.version() if self.overlay is not None else 0
        keys = self.memo(("milestone keys", version), self._milestone_keys)
        return cast(list[MilestoneKey], keys)

    def _milestone_keys(self) -> list[MilestoneKey]:
        rows = self._rows("select programme_id, id, kind, date from milestones")
        dated = {(r["programme_id"], r["id"]): (r["kind"], r["date"]) for r in rows}
        known = set(self._document_titles)
        for edit in self.overlay.edits() if self.overlay is not None else []:
            key = (edit.programme_id, edit.id)
            if edit.origin == "moved" and key in dated:
                dated[key] = (dated[key][0], edit.date.iso)
            elif edit.origin == "added" and edit.programme_id in known:
                dated[key] = (edit.kind, edit.date.iso)
        keys = []
        for (programme_id, milestone_id), (kind, iso) in dated.items():
            when = PaperDate.parse(iso)
            first, last = when.first_day().isoformat(), last_day(when).isoformat()
            # one string per programme and kind, not one per milestone: thousands repeat them
            keys.append(
                MilestoneKey(first, sys.intern(programme_id), milestone_id, last, sys.intern(kind))
            )
        keys.sort()
        return keys

    def milestone(self, programme_id: str, milestone_id: str) -> Milestone | None:
        """One milestone, as its programme's list has it (edits laid over)."""
        return next((m for m in self.milestones(programme_id) if m.id == milestone_id), None)

    # Proposals --------------------------------------------------------------------------
    @memoized
    def proposals(self, programme_id: str | None = None) -> list[Proposal]:
        sql, params = "select * from proposals", cast(tuple[str, ...], ())
        if programme_id:
            sql, params = sql + " where programme_id = ?", (programme_id,)
        rows = self._rows(sql + " order by programme_id, rowid", params)
        breakdown = self._breakdown(programme_id)
        return [to_proposal(r, breakdown, self._source) for r in rows]

    @memoized
    def proposal_names(self, programme_id: str | None = None) -> list[ProposalName]:
        """What names each proposal (ref, name, aliases), light enough to hold for every
        programme: a question that names a proposal is matched on these."""
        sql, params = (
            "select programme_id, id, ref, name, short_name, aliases from proposals",
            cast(tuple[str, ...], ()),
        )
        if programme_id:
            sql, params = sql + " where programme_id = ?", (programme_id,)
        return [
            ProposalName(
                r["programme_id"],
                r["id"],
                r["ref"],
                r["name"],
                tuple(json.loads(r["aliases"])),
                r["short_name"] or "",
            )
            for r in self._rows(sql + " order by programme_id, rowid", params)
        ]

    @memoized
    def programmes_with_ref(self, ref: str) -> list[str]:
        """The programmes with a proposal whose ref is ``ref`` in any case (the ref index)."""
        spellings = tuple(dict.fromkeys((ref, ref.lower(), ref.upper())))
        rows = self._rows(
            "select distinct programme_id from proposals"
            f" where ref in ({','.join('?' * len(spellings))}) order by programme_id",
            spellings,
        )
        return [r["programme_id"] for r in rows]

    @memoized
    def proposals_with_ref(self, ref: str) -> list[Proposal]:
        """Proposals whose ref is ``ref`` in any case, across programmes: found through the
        ref index, each built as its programme's list builds it (and cached with it)."""
        spellings = tuple(dict.fromkeys((ref, ref.lower(), ref.upper())))
        rows = self._rows(
            f"select programme_id, id from proposals where ref in ({','.join('?' * len(spellings))})"
            " order by programme_id, rowid",
            spellings,
        )
        found = (self.proposal(r["programme_id"], r["id"]) for r in rows)
        return [p for p in found if p is not None]

    def proposal(self, programme_id: str, proposal_id: str) -> Proposal | None:
        return next((p for p in self.proposals(programme_id) if p.id == proposal_id), None)

    def _breakdown(self, programme_id: str | None) -> dict[tuple[str, str], list[Any]]:
        sql, params = "select * from breakdown", cast(tuple[str, ...], ())
        if programme_id:
            sql, params = sql + " where programme_id = ?", (programme_id,)
        return breakdown_by_proposal(self._rows(sql + " order by position", params), self._source)

    # Tables and figures -----------------------------------------------------------------
    @memoized
    def tables(self, programme_id: str | None = None) -> list[Table]:
        sql, params = "select * from paper_tables", cast(tuple[str, ...], ())
        if programme_id:
            sql, params = sql + " where programme_id = ?", (programme_id,)
        table_rows = self._rows(sql + " order by programme_id, rowid", params)
        row_sql = "select * from table_rows" + (" where programme_id = ?" if programme_id else "")
        grouped: dict[tuple[str, str], list[TableRow]] = {}
        for r in self._rows(row_sql + " order by position", params):
            grouped.setdefault((r["programme_id"], r["table_id"]), []).append(to_table_row(r))
        return [
            to_table(t, grouped.get((t["programme_id"], t["id"]), []), self._source)
            for t in table_rows
        ]

    @memoized
    def table(self, programme_id: str, table_id: str) -> Table | None:
        return next((t for t in self.tables(programme_id) if t.id == table_id), None)

    @memoized
    def figures(
        self,
        programme_id: str | None = None,
        measure: str | None = None,
        period: str | None = None,
        scenario: str | None = None,
        proposal_id: str | None = None,
    ) -> list[Figure]:
        """Named figures, filtered by any of programme, measure, period, scenario, proposal."""
        clauses, params = [], []
        for column, value in (
            ("programme_id", programme_id),
            ("measure", measure),
            ("period", period),
            ("scenario", scenario),
            ("proposal_id", proposal_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = (" where " + " and ".join(clauses)) if clauses else ""
        rows = self._rows(
            f"select * from figures{where} order by programme_id, rowid", tuple(params)
        )
        return [to_figure(r, self._source) for r in rows]

    @memoized
    def figure(self, programme_id: str, figure_id: str) -> Figure | None:
        rows = self._rows(
            "select * from figures where programme_id = ? and id = ?", (programme_id, figure_id)
        )
        return to_figure(rows[0], self._source) if rows else None

    @memoized
    def figure_links(self, programme_id: str, figure_id: str) -> tuple[list[str], list[str]]:
        """The ``sum_of`` and ``ratio_of`` references a stated figure declares."""
        rows = self._rows(
            "select sum_of, ratio_of from figures where programme_id = ? and id = ?",
            (programme_id, figure_id),
        )
        if not rows:
            return [], []
        return json.loads(rows[0]["sum_of"]), json.loads(rows[0]["ratio_of"])

    @memoized
    def proposal_savings(self, programme_id: str, proposal_id: str) -> YearSavings | None:
        """A proposal's savings by year from the table that carries its figures."""
        cells = [
            f
            for f in self.figures(programme_id, measure="savings", proposal_id=proposal_id)
            if f.table_id is not None
        ]
        if not cells:
            return None
        table_id = cells[0].table_id
        cells = [f for f in cells if f.table_id == table_id]
        by_year = tuple((f.period, f.amount.value) for f in cells if f.period != "total")
        stated = next((f.amount.value for f in cells if f.period == "total"), None)
        table = self.table(programme_id, table_id) if table_id else None
        row_source = cells[0].source
        if table is not None:
            proposal = self.proposal(programme_id, proposal_id)
            row = (
                f"row {proposal.ref}" if proposal and proposal.ref else f'row "{cells[0].subject}"'
            )
            row_source = Source(
                programme_id,
                row_source.document_title,
                f"{table.source.location}, {row}",
                table.source.basis,
                table.source.note,  # how the table was read: its yearly figures, say
            )
        yearly = (table.yearly if table else None) or INCREMENTS
        ids = tuple((f.period, f.id) for f in cells)
        return YearSavings(by_year, stated, cells[0].amount.unit, (row_source,), yearly, ids)

    # Search -----------------------------------------------------------------------------
    def search(
        self, text: str, limit: int = 5, programme_ids: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """Full-text search over names and descriptions (optionally within some programmes),
        best first by bm25 ``rank`` (lower is better); quietly empty for text with nothing
        searchable in it. Every word is quoted, so nothing typed is read as FTS5 syntax.

        Hand-written rather than sqlite-utils' ``table.search``: on the default knowledge
        base (best of five runs, the same process) that took 219-335 us a question against
        75-163 us for this query (it looks the FTS table up on every call and its CTE copies
        every row), and free text must stay within 1.2x of Slack's bare answer time.
        """
        key = ("search", text, limit, programme_ids)
        return list(self._opened.remembered(key, lambda: self._search(text, limit, programme_ids)))

    def _search(
        self, text: str, limit: int, programme_ids: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        terms = [t for t in "".join(c if c.isalnum() else " " for c in text).split() if t]
        if not terms:
            return []
        query = " OR ".join(f'"{t}"' for t in terms)
        within = ""
        if programme_ids:
            within = f" and search_items.programme_id in ({','.join('?' * len(programme_ids))})"
        try:
            return self._rows(
                "select search_items.*, bm25(search_items_fts) as rank from search_items_fts"
                " join search_items on search_items.rowid = search_items_fts.rowid"
                f" where search_items_fts match ?{within} order by rank limit ?",
                (query, *programme_ids, limit),
            )
        except sqlite3.OperationalError:
            return []
