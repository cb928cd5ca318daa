"""A person's words as an FTS5 query that can never be read as FTS5 syntax.

Only runs of letters and digits survive (the same words the index's ``unicode61`` tokenizer
sees), each in double quotes: ``"``, ``*``, ``NEAR``, ``OR``, ``-``, ``^`` and ``:`` typed by
a user are plain words or nothing, never operators. Filler words are dropped. A word the index
has never seen is replaced by the nearest word it has (rapidfuzz over the index's own
vocabulary), so "strategc partnr" finds "strategic partner".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    {
        "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "did",
        "do", "does", "for", "from", "had", "has", "have", "how", "i", "in", "into", "is", "it",
        "its", "me", "much", "not", "of", "on", "or", "our", "say", "says", "said", "should", "show",
        "tell", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "us",
        "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
        "you", "your",
    }
)  # fmt: skip
KEEP = frozenset({"near"})  # a word worth searching for, though FTS5 would read it as syntax
CORRECTABLE = 4  # shorter words are too easily "corrected" into another word
CLOSE_ENOUGH = 80  # rapidfuzz ratio a correction must reach


@dataclass(frozen=True)
class Terms:
    """The words searched for, and what was changed on the way."""

    words: tuple[str, ...]
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, searched for)
    unknown: tuple[str, ...] = ()  # words no passage has, and nothing close

    def all_of(self) -> str:
        return " ".join(f'"{word}"' for word in self.words)

    def any_of(self) -> str:
        return " OR ".join(f'"{word}"' for word in self.words)


def words(text: str) -> list[str]:
    """The searchable words of ``text``, lower case, filler dropped (unless nothing else is)."""
    found = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in found if w not in STOPWORDS or w in KEEP]
    return kept or found


def terms(
    text: str,
    known: Callable[[str], bool],
    vocabulary: Callable[[], Sequence[str]],
) -> Terms:
    """``text`` as search terms: each word kept if ``known`` (some passage has it, stemmed),
    else the closest word of ``vocabulary`` if one is close, else reported as unknown."""
    kept: list[str] = []
    corrected: list[tuple[str, str]] = []
    unknown: list[str] = []
    for word in dict.fromkeys(words(text)):
        if known(word):
            kept.append(word)
            continue
        nearest = _nearest(word, vocabulary()) if len(word) >= CORRECTABLE else None
        if nearest:
            corrected.append((word, nearest))
            kept.append(nearest)
        else:
            unknown.append(word)
    return Terms(tuple(dict.fromkeys(kept)), tuple(corrected), tuple(unknown))


def _nearest(word: str, vocabulary: Sequence[str]) -> str | None:
    if word.isdigit():
        return None
    found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=CLOSE_ENOUGH)
    return str(found[0]) if found else None
