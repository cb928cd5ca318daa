"""Find known phrases (names, aliases, titles) in text: longest first, whole words only.

One compiled alternation finds every phrase in one pass, so the cost does not grow with the
number of phrases; the knowledge base's vocabulary is large, questions are short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    phrase: str
    start: int
    end: int
    meanings: tuple[T, ...]


class PhraseIndex(Generic[T]):
    """Phrases (lower-cased) and what each means; a phrase may mean several things."""

    def __init__(self, pairs: Iterable[tuple[str, T]]):
        meanings: dict[str, list[T]] = {}
        for phrase, meaning in pairs:
            key = " ".join(phrase.lower().split())
            if key and meaning not in meanings.setdefault(key, []):
                meanings[key].append(meaning)
        self.meanings = {k: tuple(v) for k, v in meanings.items()}
        ordered = sorted(self.meanings, key=lambda p: (-len(p), p))
        alternation = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w]|\.[0-9])")

    def find(self, text: str) -> list[Found[T]]:
        """Every phrase in ``text`` (already lower-cased), longest first where they overlap."""
        return [
            Found(m.group(0), m.start(), m.end(), self.meanings[m.group(0)])
            for m in self._pattern.finditer(text)
        ]
