"""What a question mentions, found by the understander and weighed by ``deciding``."""

from __future__ import annotations

from dataclasses import dataclass, field

from commands.periods import Periods
from commands.spelling import Correction
from knowledge.index_records import PhaseName, ProposalName


@dataclass
class Clues:
    """What a question mentions, after typos are corrected and periods taken out."""

    text: str
    words: list[str]
    corrections: list[Correction]
    periods: Periods
    programmes: tuple[str, ...] = ()
    refs: list[str] = field(default_factory=list)
    proposals: list[ProposalName] = field(default_factory=list)
    unsure: list[tuple[int, str]] = field(default_factory=list)  # names of several proposals
    proposal_phrases: list[str] = field(default_factory=list)  # the words that named them
    phases: list[PhaseName] = field(default_factory=list)
    phase_number: str | None = None
    commands: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    direction: str | None = None
    rag: str | None = None
    over_years: int | None = None
    named: list[tuple[int, str]] = field(default_factory=list)  # (position, id) in text order
    name_words: set[int] = field(default_factory=set)  # indexes of words inside a name
    leftover: list[str] = field(default_factory=list)  # words nothing above explains

    def in_name(self, index: int) -> bool:
        return index in self.name_words
