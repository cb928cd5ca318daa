"""Find known phrases (names, aliases, titles) in text: longest first, whole words only.

Phrases are indexed by their first word, so finding them costs a few dictionary look-ups per
word of the question however many phrases there are: a knowledge base of thousands of
programmes has tens of thousands of names, and questions are short. (A regular expression
alternation of every phrase tries each one at every position, so it slows as names grow.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_WORD_START = re.compile(r"(?<![\w.])\S")  # where a phrase may begin: not inside a word or ref
_LONGEST_FIRST_WORD = 40


@dataclass(frozen=True)
class Found(Generic[T]):
    """A known phrase found in a text: where it starts and ends, and what it may mean."""

    phrase: str
    start: int
    end: int
    meanings: tuple[T, ...]


def _ends_well(text: str, end: int) -> bool:
    """A phrase must end at a word's end, and a ref's number must not run on ("1.6" in "1.61")."""
    if end >= len(text):
        return True
    following = text[end]
    if following.isalnum() or following == "_":
        return False
    return not (following == "." and end + 1 < len(text) and text[end + 1].isdigit())


class PhraseIndex(Generic[T]):
    """Phrases (lower-cased) and what each means; a phrase may mean several things."""

    def __init__(self, pairs: Iterable[tuple[str, T]]):
        meanings: dict[str, dict[T, None]] = {}
        for phrase, meaning in pairs:
            key = " ".join(phrase.lower().split())
            if key:
                meanings.setdefault(key, {})[meaning] = None  # ordered, each meaning once
        self.meanings = {k: tuple(v) for k, v in meanings.items()}
        by_first: dict[str, list[str]] = {}
        for phrase in self.meanings:
            by_first.setdefault(phrase.split(" ", 1)[0], []).append(phrase)
        self._by_first = {w: sorted(ps, key=lambda p: (-len(p), p)) for w, ps in by_first.items()}

    def find(self, text: str) -> list[Found[T]]:
        """Every phrase in ``text`` (already lower-cased), leftmost first and the longest
        where several start at the same place; found phrases never overlap."""
        found: list[Found[T]] = []
        after = 0  # the end of the last phrase found
        for start_match in _WORD_START.finditer(text):
            start = start_match.start()
            if start < after:
                continue
            phrase = self._longest_at(text, start)
            if phrase is not None:
                end = start + len(phrase)
                found.append(Found(phrase, start, end, self.meanings[phrase]))
                after = end
        return found

    def _longest_at(self, text: str, start: int) -> str | None:
        """The longest phrase that starts at ``start`` and ends at a word's end."""
        stop = text.find(" ", start)
        token = text[start : stop if stop != -1 else len(text)]
        best: str | None = None
        for size in range(1, min(len(token), _LONGEST_FIRST_WORD) + 1):
            for phrase in self._by_first.get(token[:size], ()):
                longer = best is None or len(phrase) > len(best)
                if (
                    longer
                    and text.startswith(phrase, start)
                    and _ends_well(text, start + len(phrase))
                ):
                    best = phrase
                    break  # the rest of this list is shorter
        return best
