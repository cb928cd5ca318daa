"""The board's papers in the bot's own data: added with ``cyps papers add``, kept through every
``cyps kb build`` (the knowledge base is rebuilt from programme files; these are not), and
searched by ``/cyps search`` and ``/cyps para``.

Searches always ask SQLite, so a paper added by another process is found at once; what is
kept in memory (the list of papers, their paragraph numbers, the vocabulary typos are
corrected against) is refreshed when ``state.db``'s watch sees another process commit.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from knowledge.state.connection import Store

if TYPE_CHECKING:  # passages, search terms and records only once a paper is added or searched
    from knowledge.papers.passages import Passage, SplitPaper
    from knowledge.state.paper_records import Hit, PaperRecord, SearchResult

START, END = "\x02", "\x03"  # FTS5 snippet() marks, made bold when shown
WEIGHT_VALUES = "8.0, 0.5, 1.0, 0.0"  # definitions, heading, text, scope
WEIGHTS = f"bm25({WEIGHT_VALUES})"
EXTRACT_TOKENS = 24
RANKED_AT_MOST = 1000  # matching passages ranked for one search (see PaperStore._matches)


def paper_id_for(file_name: str) -> str:
    """A short id for ``cyps papers remove``: the file's name without its suffix, as a slug."""
    stem = file_name.rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "paper"


def scope_token(programme_id: str | None) -> str:
    """A programme as one index token, so a search can keep to it inside FTS5."""
    return "programme" + re.sub(r"[^a-z0-9]", "", (programme_id or "none").lower())


class PaperStore(Store):
    """Papers and their passages in ``state.db``, with the FTS5 index the migrations made."""

    def add(
        self,
        file_name: str,
        split: SplitPaper,
        *,
        programme_id: str | None,
        title: str,
        paper_date: str,
        format: str,
        pages: int | None,
        who: str,
        at: datetime,
    ) -> PaperRecord:
        """Store a paper, replacing one added before from a file of the same name."""
        from knowledge.state.paper_records import PaperRecord

        paper_id = paper_id_for(file_name)
        record = PaperRecord(
            paper_id, file_name, programme_id, title, paper_date, format, pages,
            len(split.passages), split.unplaced, split.numbering, who, at.isoformat(),
        )  # fmt: skip
        with self._write() as conn:
            old = [
                str(row[0])
                for row in conn.execute(
                    "select id from papers where id = ? or file_name = ?", (paper_id, file_name)
                )
            ]
            for stale in old:
                conn.execute("delete from paper_passages where paper_id = ?", (stale,))
                conn.execute("delete from papers where id = ?", (stale,))
            conn.execute(
                "insert into papers (id, file_name, programme_id, title, paper_date, format,"
                " pages, passages, unplaced, numbering, added_by, added_at)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (paper_id, file_name, programme_id, title, paper_date, format, pages,
                 record.passages, json.dumps(record.unplaced), json.dumps(record.numbering),
                 who, record.added_at),
            )  # fmt: skip
            scope = scope_token(programme_id)
            conn.executemany(
                "insert into paper_passages (paper_id, seq, number, unit, kind, label, heading,"
                " page, defines, scope, text) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (paper_id, p.seq, p.number, p.unit, p.kind, p.label, p.heading, p.page,
                     p.defines, scope, p.text)
                    for p in split.passages
                ],
            )  # fmt: skip
        return record

    def remove(self, paper_id_or_file: str) -> PaperRecord | None:
        """Remove a paper (by its id or file name); the removed record, or None."""
        with self._write() as conn:
            found = [p for p in self._read_papers() if paper_id_or_file in (p.id, p.file_name)]
            for paper in found:
                conn.execute("delete from paper_passages where paper_id = ?", (paper.id,))
                conn.execute("delete from papers where id = ?", (paper.id,))
        return found[0] if found else None

    def papers(self) -> list[PaperRecord]:
        """Every paper, in the order added (asked on most searches, so cached)."""
        return self._cached_read("papers", self._read_papers)

    def _read_papers(self) -> list[PaperRecord]:
        rows = self._read(
            "select id, file_name, programme_id, title, paper_date, format, pages, passages,"
            " unplaced, numbering, added_by, added_at from papers order by added_at, id"
        )
        return [_paper(r) for r in rows]

    def numbers_by_programme(self) -> dict[str, frozenset[str]]:
        """Every programme's paragraph and section numbers, over all its papers (cached)."""

        def read() -> dict[str, frozenset[str]]:
            rows = self._read(
                "select distinct papers.programme_id, paper_passages.number from paper_passages"
                " join papers on papers.id = paper_passages.paper_id"
                " where papers.programme_id is not null and paper_passages.number != ''"
            )
            found: dict[str, set[str]] = {}
            for programme_id, number in rows:
                found.setdefault(str(programme_id), set()).add(str(number))
            return {pid: frozenset(numbers) for pid, numbers in found.items()}

        return self._cached_read("numbers", read)

    def vocabulary(self) -> list[str]:
        """The words the papers use, unstemmed, to correct typed words against (cached)."""
        return self._cached_read(
            "vocabulary",
            lambda: [
                str(r[0])
                for r in self._read("select term from paper_words_vocab")
                if not str(r[0]).isdigit()
            ],
        )

    def _known(self, word: str) -> bool:
        return bool(
            self._read(
                "select 1 from paper_passages_fts where paper_passages_fts match ? limit 1",
                (f'"{word}"',),
            )
        )

    def search(
        self,
        text: str,
        programme_ids: tuple[str, ...] | None = None,
        offset: int = 0,
        limit: int = 3,
    ) -> SearchResult:
        """The passages best matching ``text``: ranked by bm25 (a passage defining a searched
        abbreviation first), within ``programme_ids`` (papers added without a programme are
        in every scope), every word first and, if no passage has them all, any of them."""
        from knowledge.papers.query import terms
        from knowledge.state.paper_records import SearchResult

        searched = terms(text, self._known, self.vocabulary)
        if not searched.words:
            return SearchResult(searched, (), False, True)
        within = ""
        if programme_ids is not None:
            tokens = " OR ".join(f'"{scope_token(p)}"' for p in (*programme_ids, None))
            within = f"scope : ({tokens}) AND "
        every_word = True
        rows, capped = self._matches(f"{within}({searched.all_of()})", offset, limit)
        if not rows and offset == 0 and len(searched.words) > 1:
            every_word = False
            rows, capped = self._matches(f"{within}({searched.any_of()})", offset, limit)
        hits = self._hits(rows[:limit])
        return SearchResult(searched, hits, len(rows) > limit, every_word, capped)

    def _matches(self, expression: str, offset: int, limit: int) -> tuple[list[Any], bool]:
        """(rowid, extract) of the best matches, one more than asked to tell if there are more,
        and whether only the newest ``RANKED_AT_MOST`` matches were ranked.

        bm25 costs 2-3 us a matching passage, so a word in most passages of 500 papers
        would cost 20-50 ms to rank in full. When more than ``RANKED_AT_MOST`` passages match,
        only the newest that many are ranked (found by walking the index backwards from the
        newest rowid, which is cheap), and the answer says so.
        """
        newest = self._read(
            "select rowid from paper_passages_fts where paper_passages_fts match ?"
            " order by rowid desc limit 1 offset ?",
            (expression, RANKED_AT_MOST),
        )
        if not newest:
            rows = self._read(
                "select rowid, snippet(paper_passages_fts, 2, ?, ?, '…', ?)"
                " from paper_passages_fts where paper_passages_fts match ? and rank match ?"
                " order by rank limit ? offset ?",
                (START, END, EXTRACT_TOKENS, expression, WEIGHTS, limit + 1, offset),
            )
            return rows, False
        best = self._read(
            f"select rowid from paper_passages_fts where paper_passages_fts match ?"
            f" and rowid > ? order by bm25(paper_passages_fts, {WEIGHT_VALUES}) limit ? offset ?",
            (expression, int(str(newest[0][0])), limit + 1, offset),
        )
        ids = [int(str(row[0])) for row in best]
        if not ids:
            return [], True
        extracts: dict[int, str] = {
            int(str(rowid)): str(extract)
            for rowid, extract in self._read(
                "select rowid, snippet(paper_passages_fts, 2, ?, ?, '…', ?) from"
                " paper_passages_fts where paper_passages_fts match ?"
                f" and rowid in ({','.join('?' * len(ids))})",
                (START, END, EXTRACT_TOKENS, expression, *ids),
            )
        }
        return [(rowid, extracts.get(rowid, "")) for rowid in ids], True

    def _hits(self, rows: list[tuple[Any, ...]]) -> tuple[Hit, ...]:
        from knowledge.state.paper_records import Hit

        if not rows:
            return ()
        ids = [int(r[0]) for r in rows]
        passages = {
            int(str(r[0])): (str(r[1]), _passage(r[2:]))
            for r in self._read(
                f"select id, paper_id, {_PASSAGE_COLUMNS} from paper_passages"
                f" where id in ({','.join('?' * len(ids))})",
                tuple(ids),
            )
        }
        papers = {p.id: p for p in self.papers()}
        hits = []
        for rowid, extract in rows:
            paper_id, passage = passages[int(rowid)]
            if paper_id in papers:
                hits.append(Hit(papers[paper_id], passage, bold(str(extract))))
        return tuple(hits)

    def paragraph(
        self, number: str, programme_ids: tuple[str, ...] | None = None
    ) -> list[tuple[PaperRecord, list[Passage]]]:
        """The passages numbered ``number`` (or, for a section with no text of its own, its
        paragraphs), paper by paper, within ``programme_ids`` (None: every paper)."""
        found = []
        for paper in self.papers():
            if programme_ids is not None and paper.programme_id not in (*programme_ids, None):
                continue
            passages = self._numbered(paper.id, "number = ?", (number,))
            if not passages:
                passages = self._numbered(
                    paper.id, "number like ? escape '\\'", (number.replace("_", "\\_") + ".%",)
                )
            if passages:
                found.append((paper, passages))
        return found

    def _numbered(self, paper_id: str, where: str, params: tuple[str, ...]) -> list[Passage]:
        rows = self._read(
            f"select {_PASSAGE_COLUMNS} from paper_passages where paper_id = ? and {where}"
            " order by seq",
            (paper_id, *params),
        )
        return [_passage(r) for r in rows]

    def next_number(self, paper_id: str, seq: int) -> str | None:
        """The next paragraph or section number printed after passage ``seq``, if any."""
        rows = self._read(
            "select number from paper_passages where paper_id = ? and seq > ? and number != ''"
            " and number != (select number from paper_passages where paper_id = ? and seq = ?)"
            " order by seq limit 1",
            (paper_id, seq, paper_id, seq),
        )
        return str(rows[0][0]) if rows else None

    def passages(self, paper_id: str) -> list[Passage]:
        """A paper's passages in order."""
        rows = self._read(
            f"select {_PASSAGE_COLUMNS} from paper_passages where paper_id = ? order by seq",
            (paper_id,),
        )
        return [_passage(r) for r in rows]


def _paper(row: tuple[Any, ...]) -> PaperRecord:
    from knowledge.state.paper_records import PaperRecord

    pid, file_name, programme_id, title, paper_date, form, pages, count = row[:8]
    unplaced, numbering, added_by, added_at = row[8:]
    return PaperRecord(
        str(pid), str(file_name), None if programme_id is None else str(programme_id),
        str(title), str(paper_date or ""), str(form), None if pages is None else int(str(pages)),
        int(str(count)), tuple(json.loads(str(unplaced))), tuple(json.loads(str(numbering))),
        str(added_by), str(added_at),
    )  # fmt: skip


_PASSAGE_COLUMNS = "seq, number, unit, kind, label, heading, text, page, defines"


def _passage(row: tuple[Any, ...]) -> Passage:
    from knowledge.papers.passages import Passage

    seq, number, unit, kind, label, heading, text, page, defines = row
    return Passage(
        int(str(seq)), str(number), int(str(unit)), str(kind), str(label), str(heading), str(text),
        None if page is None else int(str(page)), str(defines),
    )  # fmt: skip


def bold(extract: str) -> str:
    """An FTS5 extract with its marks as Slack's bold; stray asterisks in the text dropped."""
    flat = " ".join(extract.replace("*", "").split())
    return flat.replace(START, "*").replace(END, "*")
