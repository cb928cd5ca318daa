"""Fuzzy matching of what users type against programmes, proposals and phases (rapidfuzz).

rapidfuzz is imported where a word needs a fuzzy match, not with the module: a question that
names its command, programme and ref exactly (most of them) never needs it, and importing it
is a noticeable part of a one-off ``cyps ask``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.model import Phase, Programme, Proposal

REF_PATTERN = re.compile(r"^[0-9]+(?:\.[0-9]+)+$")
PROPOSAL_CUTOFF = 80
PROGRAMME_FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Ranked:
    key: str
    label: str
    score: float


class ProgrammeMatcher:
    """Finds programmes named in text by id, council or alias; built once, reused per question.

    One compiled alternation (longest alias first) finds exact words in a single pass, so the
    cost does not grow with the number of aliases; longer words then get a typo-tolerant match,
    so "harow" finds Harrow but "savings" never finds a programme.
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
        ordered = sorted(self.by_alias, key=lambda a: (-len(a), a))
        alternation = "|".join(re.escape(a) for a in ordered) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w]|\.\d)")
        self.single_words = [a for a in self.by_alias if " " not in a and len(a) >= 5]

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
        for match in self.pattern.finditer(lowered):
            named = sorted(self.by_alias[match.group(0)])
            if match.group(0) in self.councils:
                council_only.update(named)
            else:
                found.extend(named)
            pieces.append(lowered[position : match.start()])
            position = match.end()
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


def rank_proposals(query: str, proposals: Sequence[Proposal], limit: int = 5) -> list[Ranked]:
    """Proposals ranked by how well their ref, name or aliases match ``query``.

    An exact ref is certain (1.6 never matches 1.16); otherwise names and aliases are scored.
    """
    query = query.strip()
    folded = query.lower()
    exact = [p for p in proposals if p.ref and p.ref.lower() == folded]
    if exact:
        return [Ranked(p.id, p.label, 100.0) for p in exact]
    if looks_like_ref(query):
        return []
    choices: list[tuple[str, str]] = []
    for p in proposals:
        choices.append((p.name, p.id))
        if p.short_name:
            choices.append((p.short_name, p.id))
        choices.extend((alias, p.id) for alias in p.aliases)
        if p.id != p.ref:
            choices.append((p.id.replace("-", " "), p.id))
    from rapidfuzz import fuzz, utils

    best: dict[str, float] = {}
    for text, pid in choices:
        if text.lower() == folded:
            score = 100.0
        else:
            score = fuzz.WRatio(query, text, processor=utils.default_process)
        best[pid] = max(best.get(pid, 0.0), score)
    labels = {p.id: p.label for p in proposals}
    ranked = sorted(
        (Ranked(pid, labels[pid], s) for pid, s in best.items()), key=lambda r: -r.score
    )
    return ranked[:limit]


def suggest_refs(query: str, proposals: Sequence[Proposal], limit: int = 3) -> list[Proposal]:
    """The nearest proposals to a ref that does not exist, for "did you mean"."""
    from rapidfuzz import fuzz

    with_refs = [p for p in proposals if p.ref]
    scored = sorted(with_refs, key=lambda p: -fuzz.ratio(query, p.ref or ""))
    return scored[:limit]


def phase_key(phase: Phase) -> str:
    """A phase's key across programmes: ids repeat ("implementation" in three papers)."""
    return f"{phase.programme_id}/{phase.id}"


def rank_phases(query: str, phases: Sequence[Phase]) -> list[Ranked]:
    """Phases by how well they match: every phase the number or id names exactly (one per
    programme that numbers its phases so), else by name."""
    query = query.strip().lower()
    exact = [
        Ranked(phase_key(phase), phase.name, 100.0)
        for phase in phases
        if query in {str(phase.number), phase.id.lower(), f"phase {phase.number}"}
    ]
    if exact:
        return exact
    from rapidfuzz import fuzz, utils

    ranked = [
        Ranked(phase_key(p), p.name, fuzz.WRatio(query, p.name, processor=utils.default_process))
        for p in phases
    ]
    return sorted(ranked, key=lambda r: -r.score)
