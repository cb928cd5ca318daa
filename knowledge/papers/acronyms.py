"""The abbreviations a passage defines: "Medium Term Financial Strategy (MTFS)" or "LACSEG
(Local Authority Central Services Education Grant)". A search for the abbreviation then ranks
the defining passage first (its definitions are indexed in a column of their own, weighted up),
and an answer can say what the letters stand for.

A definition counts only when the letters are the initials of the words beside the bracket,
in order, skipping small words ("Children and Young People's Services (CYPS)"), with hyphenated
words counting once per part ("Multi-Agency Safeguarding Hub (MASH)").
"""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"\(([^()]{2,120})\)")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z&]{1,9}$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "to", "in", "on", "a", "an", "with", "at", "by"}
)
MAX_EXTRA_WORDS = 3


def letters(abbreviation: str) -> str:
    """The letters an abbreviation spells: "NLCs" -> "NLC", "EH&PS" -> "EHPS"."""
    if not _ABBREVIATION.match(abbreviation):
        return ""
    core = abbreviation[:-1] if abbreviation.endswith("s") else abbreviation
    core = core.replace("&", "")
    if len(core) < 2 or not core.isupper():
        return ""
    return core


def definitions(text: str) -> list[tuple[str, str]]:
    """``(abbreviation, what it stands for)`` for every definition in ``text``, once each."""
    found: dict[str, str] = {}
    for match in _BRACKETED.finditer(text):
        inner = match.group(1).strip()
        spelled = letters(inner)
        if spelled:  # "words (ABBR)"
            expansion = _expansion_before(text[: match.start()], spelled)
        else:  # "ABBR (words)"
            before = text[: match.start()].split()
            word = before[-1].strip("\"'‘“") if before else ""
            spelled, inner = letters(word), word
            expansion = _expansion_inside(match.group(1), spelled) if spelled else ""
        if expansion and inner not in found:
            found[inner] = expansion
    return list(found.items())


def _expansion_before(text: str, spelled: str) -> str:
    """The words just before a bracket whose initials spell ``spelled``, as printed."""
    words = list(_WORD.finditer(text[-300:]))
    initials: list[str] = []
    considered = 0
    for k in range(len(words) - 1, -1, -1):
        considered += 1
        if considered > len(spelled) + MAX_EXTRA_WORDS:
            return ""
        word = words[k].group(0)
        if word.lower() in SMALL_WORDS:
            continue
        initials.insert(0, word[0].upper())
        if len(initials) == len(spelled):
            if "".join(initials) != spelled:
                return ""
            start = words[k].start()
            end = words[-1].end()
            return " ".join(text[-300:][start:end].split())
    return ""


def _expansion_inside(inner: str, spelled: str) -> str:
    words = [w for w in _WORD.findall(inner) if w.lower() not in SMALL_WORDS]
    initials = "".join(w[0].upper() for w in words)
    return " ".join(inner.split()) if initials == spelled else ""
