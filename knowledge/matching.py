"""Fuzzy matching of what users type against programmes and proposals (rapidfuzz); phases are
matched in ``knowledge.phase_matching``.

rapidfuzz is imported where a word needs a fuzzy match, not with the module: a question that
names its command, programme and ref exactly (most of them) never needs it, and importing it
is a noticeable part of a one-off ``cyps ask``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from knowledge.model import Programme
from knowledge.phrases import PhraseIndex

REF_PATTERN = re.compile(r"^[0-9]+(?:\.[0-9]+)+$")
PROPOSAL_CUTOFF = 80
PROGRAMME_FUZZY_CUTOFF = 88


class ProgrammeMatcher:
    """Finds programmes named in text by id, council or alias; built once, reused per question.

    A phrase index (``knowledge.phrases``) finds exact aliases, longest first, at a cost that
    does not grow with the number of aliases; longer words then get a typo-tolerant match, so
    "harow" finds Harrow but "savings" never finds a programme.
    """

    def __init__(self, programmes: Sequence[Programme]):
        self.by_alias: dict[str, set[str]] = {}
        # A council's name, or an id word that is one ("haringey" in haringey-54000).
        self.councils = {p.council.lower().strip() for p in programmes if p.council.strip()}
        for programme in programmes:
            id_words = [w for w in programme.id.split("-") if len(w) >= 3 and not w.isdigit()]
            for alias in (programme.id, programme.council, *id_words, *programme.aliases):
                if alias.strip():
                    self.by_alias.setdefault(alias.lower().strip(), set()).add(programme.id)
        self._phrases: PhraseIndex[str] = PhraseIndex((a, a) for a in self.by_alias)
        # typo-tolerant candidates: single words of letters (an id with digits is typed exactly)
        self.single_words = [
            a
            for a in self.by_alias
            if " " not in a and len(a) >= 5 and not any(c.isdigit() for c in a)
        ]

    def mentions(
        self, text: str, ignore: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, ...], str]:
        """Programmes named in ``text``, and the text with those words removed."""
        if not text:
            return (), ""
        lowered = text.lower()
        found: list[str] = []
        pieces: list[str] = []
        position = 0
        council_only: set[str] = set()
        for match in self._phrases.find(lowered):
            named = sorted(self.by_alias[match.phrase])
            if match.phrase in self.councils:
                council_only.update(named)
            else:
                found.extend(named)
            pieces.append(lowered[position : match.start])
            position = match.end
        # A council's name means all its programmes, unless the question names one of them
        # more closely ("haringey 54000" is Haringey 54,000 alone).
        if not council_only & set(found):
            found.extend(sorted(council_only))
        remaining = " ".join([*pieces, lowered[position:]]) if pieces else lowered
        kept: list[str] = []
        for word in remaining.split():
            if len(word) >= 5 and word not in ignore and not any(c.isdigit() for c in word):
                from rapidfuzz import fuzz, process

                best = process.extractOne(
                    word, self.single_words, scorer=fuzz.ratio, score_cutoff=PROGRAMME_FUZZY_CUTOFF
                )
                if best:
                    matched = sorted(self.by_alias[best[0]])
                    if best[0] not in self.councils or not set(matched) & set(found):
                        found.extend(matched)
                    continue
            kept.append(word)
        return tuple(dict.fromkeys(found)), " ".join(kept)


def looks_like_ref(text: str) -> bool:
    return bool(REF_PATTERN.match(text.strip()))


class Named(Protocol):
    """A proposal as matching sees it: a ``Proposal`` or a light ``ProposalName``."""

    @property
    def programme_id(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def ref(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def label(self) -> str: ...


def proposal_key(proposal: Named) -> str:
    """A proposal's key across programmes: ids repeat from one programme to the next."""
    return f"{proposal.programme_id}/{proposal.id}"


@dataclass(frozen=True)
class NameGroup:
    """Proposals named alike (the same ref, name, short name and aliases), scored together:
    a programme copied or rolled forward repeats its proposals' names."""

    texts: tuple[str, ...]
    ref: str | None
    members: tuple[Named, ...]


def name_groups(proposals: Sequence[Named]) -> list[NameGroup]:
    """``proposals`` grouped by what names them, in first-seen order (build once, rank often)."""
    grouped: dict[tuple[str | None, tuple[str, ...]], list[Named]] = {}
    for p in proposals:
        texts = [p.name, *([p.short_name] if p.short_name else []), *p.aliases]
        if p.id != p.ref:
            texts.append(p.id.replace("-", " "))
        grouped.setdefault((p.ref, tuple(texts)), []).append(p)
    return [NameGroup(texts, ref, tuple(members)) for (ref, texts), members in grouped.items()]


def rank_groups(query: str, groups: Sequence[NameGroup]) -> list[tuple[float, NameGroup]]:
    """Groups by how well their ref, name or aliases match ``query``, best first.

    An exact ref is certain (1.6 never matches 1.16) and a ref-shaped query matches nothing
    else; otherwise each distinct name is scored once.
    """
    query = query.strip()
    folded = query.lower()
    exact = [g for g in groups if g.ref and g.ref.lower() == folded]
    if exact:
        return [(100.0, g) for g in exact]
    if looks_like_ref(query):
        return []
    from rapidfuzz import fuzz, utils

    scores: dict[str, float] = {}

    def score(text: str) -> float:
        if text not in scores:
            scores[text] = (
                100.0
                if text.lower() == folded
                else fuzz.WRatio(query, text, processor=utils.default_process)
            )
        return scores[text]

    ranked = [(max(score(t) for t in g.texts), g) for g in groups]
    ranked.sort(key=lambda scored: -scored[0])
    return ranked


def suggest_refs(query: str, proposals: Sequence[Named], limit: int = 3) -> list[Named]:
    """The nearest proposals to a ref that does not exist, for "did you mean": one per ref."""
    by_ref: dict[str, Named] = {}
    for p in proposals:
        if p.ref:
            by_ref.setdefault(p.ref, p)
    from rapidfuzz import fuzz

    scored = sorted(by_ref.values(), key=lambda p: -fuzz.ratio(query, p.ref or ""))
    return scored[:limit]
