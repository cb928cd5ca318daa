"""The milestones' queries: the papers' milestones with the board's edits laid over, and
every milestone's place in date order for lists over thousands of programmes."""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import TYPE_CHECKING, cast

from knowledge.build_reader import BuildReader
from knowledge.dates import PaperDate, last_day
from knowledge.model import Milestone
from knowledge.opened_build import memoized
from knowledge.rows import to_milestone

if TYPE_CHECKING:  # made only for lists of milestones in date order
    from knowledge.index_records import MilestoneKey


class MilestoneQueries(BuildReader):
    """Milestones, one programme's or all, in date order."""

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
        # None as milestones() passes it: the memo keys on the arguments as given, and every
        # milestone read twice (once per spelling) cost the first re-plan after a rebuild 150 ms
        return {(m.programme_id, m.id): m for m in self._paper_milestones(None)}

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
        return cast("list[MilestoneKey]", keys)

    def _milestone_keys(self) -> list[MilestoneKey]:
        from knowledge.index_records import MilestoneKey

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
