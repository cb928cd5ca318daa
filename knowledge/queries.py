"""Typed read-only queries over the knowledge base; every record carries its source."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date, timedelta
from typing import Any, cast

from knowledge.dates import last_day
from knowledge.milestone_queries import MilestoneQueries
from knowledge.model import (
    INCREMENTS,
    Figure,
    Phase,
    Programme,
    Proposal,
    Source,
    Table,
    TableRow,
    YearSavings,
)
from knowledge.name_queries import NameQueries
from knowledge.opened_build import (
    memoized,
)
from knowledge.rows import (
    breakdown_by_proposal,
    to_figure,
    to_phase,
    to_programme,
    to_proposal,
    to_table,
    to_table_row,
)

log = logging.getLogger(__name__)


class KnowledgeBase(MilestoneQueries, NameQueries):
    """Queries over one knowledge-base database. Cheap to share: reads only.

    Opened from a file, it can follow a rebuild of that file (``reload_if_changed``) without
    a restart; ``generation`` counts the reloads, so holders of derived data know to refresh.
    The milestones' queries are ``MilestoneQueries``, what names things ``NameQueries``.
    """

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
