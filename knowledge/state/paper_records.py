"""The board's papers as the bot hands them out: a paper's record, a search's hits.

Apart from ``knowledge.state.papers`` so that a process that never lists or searches the
papers (every answer asks only which paragraph numbers they hold) does not make these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.papers.passages import Passage
    from knowledge.papers.query import Terms


@dataclass(frozen=True)
class PaperRecord:
    id: str
    file_name: str
    programme_id: str | None
    title: str
    paper_date: str
    format: str
    pages: int | None
    passages: int
    unplaced: tuple[str, ...]
    numbering: tuple[str, ...]
    added_by: str
    added_at: str


@dataclass(frozen=True)
class Hit:
    paper: PaperRecord
    passage: Passage
    extract: str  # a short piece of the passage with the matching words in *bold*


@dataclass(frozen=True)
class SearchResult:
    terms: Terms
    hits: tuple[Hit, ...]
    more: bool  # there are further hits after these
    every_word: bool  # each hit has every word (else: hits with some of them)
    capped: bool = False  # so many passages matched that only the newest were ranked
