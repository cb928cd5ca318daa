"""Typo correction against the words the bot knows (``commands.vocabulary``).

A word the vocabulary does not know is corrected to the nearest one it does, within an edit
distance that grows with the word's length (one edit up to seven letters, two from eight), and
only when one candidate is nearest; a short word is only ever completed to a command word it
begins (``sav`` to ``savings``), never fuzzily matched, so ``sav`` cannot mean safeguarding.
Kept apart from the word lists so that a question in the bot's own syntax, which never needs a
correction, does not build these classes as it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from commands.english import english_words
from commands.vocabulary import COMMAND_OF_WORD, NUMBER_WORDS, PLAIN_WORDS, words_of


def max_edits(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Correction:
    typed: str
    meant: str


@dataclass
class Vocabulary:
    """The known words: the bot's own, the stop words, and the knowledge base's names."""

    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Vocabulary:
        """A vocabulary knowing every word of ``phrases`` (names, aliases, titles, labels)."""
        return cls(frozenset(w for phrase in phrases for w in words_of(phrase)))

    def __post_init__(self) -> None:
        ours = frozenset(COMMAND_OF_WORD) | PLAIN_WORDS | frozenset(NUMBER_WORDS) | self.names
        self.known = ours | english_words()
        # what a typo is corrected towards: our words and the names, never all of English
        self._candidates = sorted(w for w in ours if len(w) >= 3 and not w.isdigit())
        self._seen: dict[str, str] = {}  # corrections already worked out (words repeat)

    def correct(self, word: str) -> str:
        """The word as typed if known (or a number, ref or id), else the nearest known word."""
        meant = self._seen.get(word)
        if meant is None:
            meant = _correct(self, word)
            if len(self._seen) < 50_000:  # bounded: people can type any number of words
                self._seen[word] = meant
        return meant

    def correct_all(self, words: list[str]) -> tuple[list[str], list[Correction]]:
        fixed, corrections = [], []
        for word in words:
            meant = self.correct(word)
            fixed.append(meant)
            if meant != word:
                corrections.append(Correction(word, meant))
        return fixed, corrections


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _nearest(candidates: list[str], word: str) -> str | None:
    limit = max_edits(word)
    if not limit:
        return None
    from rapidfuzz import process  # a typo's nearest word; exact words never import it
    from rapidfuzz.distance import DamerauLevenshtein

    found = process.extract(
        word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=3
    )
    if not found:
        return None
    best = found[0][1]
    nearest = [choice for choice, distance, _ in found if distance == best]
    if len({COMMAND_OF_WORD.get(choice, choice) for choice in nearest}) == 1:
        return nearest[0]  # one meaning ("milestons": milestone or milestones)
    # Two as near: a typo keeps its first letter and its length far more often than not
    # ("knet" is kent, not net).
    alike = [c for c in nearest if c[0] == word[0] and len(c) == len(word)]
    return alike[0] if len(alike) == 1 else None


def _correct(vocabulary: Vocabulary, word: str) -> str:
    if word in vocabulary.known or _has_digit(word) or "-" in word:
        return word
    completions = [w for w in COMMAND_OF_WORD if len(word) >= 3 and w.startswith(word)]
    if len({COMMAND_OF_WORD[w] for w in completions}) == 1:
        return min(completions, key=len)
    return _nearest(vocabulary._candidates, word) or word
