"""Common English words, which the understander never corrects into a programme's name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ENGLISH_WORDS = Path(__file__).resolve().parent / "data" / "english_words.txt"


@cache
def english_words() -> frozenset[str]:
    """Common English words (``commands/data/english_words.txt``): never corrected, because a
    question that says "worth" means worth, however near "north" is in the papers."""
    lines = ENGLISH_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))
