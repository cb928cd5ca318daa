"""What names things, read light: the names of every proposal and phase, milestone titles
and figure labels, for finding them in a question without building every programme's records."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from knowledge.build_reader import BuildReader
from knowledge.opened_build import memoized

if TYPE_CHECKING:  # made only when a question's names are looked up
    from knowledge.index_records import PhaseName, ProposalName


class NameQueries(BuildReader):
    """Names across the whole build, one light list each."""

    @memoized
    def phase_names(self) -> list[PhaseName]:
        """Every phase's programme, id and name, for finding phases named in a question."""
        from knowledge.index_records import PhaseName

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

    @memoized
    def proposal_names(self, programme_id: str | None = None) -> list[ProposalName]:
        """What names each proposal (ref, name, aliases), light enough to hold for every
        programme: a question that names a proposal is matched on these."""
        from knowledge.index_records import ProposalName

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
