"""Fuzzy matching of what users type against programmes, proposals and phases (rapidfuzz)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from knowledge.model import Phase, Programme, Proposal

REF_PATTERN = re.compile(r"^\d+(?:\.\d+)+$")
PROPOSAL_CUTOFF = 80
PROGRAMME_FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Ranked:
    key: str
    label: str
    score: float


def programme_mentions(
    text: str, programmes: Sequence[Programme], ignore: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], str]:
    """Programmes named in ``text`` (by id or alias), and the text with those words removed.

    Exact words first (longest alias wins), then a typo-tolerant match for longer words, so
    "harow" finds Harrow but "savings" never finds a programme.
    """
    lowered = text.lower()
    spans: list[tuple[int, int, str]] = []
    candidates = sorted(
        ((alias.lower(), p.id) for p in programmes for alias in (p.id, p.council, *p.aliases)),
        key=lambda pair: -len(pair[0]),
    )
    for alias, programme_id in candidates:
        for match in re.finditer(rf"(?<![\w.]){re.escape(alias)}(?![\w]|\.\d)", lowered):
            begin, finish = match.span()
            overlaps = [(s, e) for s, e, _ in spans if s < finish and begin < e]
            # A word shared by several programmes ("haringey") names them all; a word inside a
            # longer alias already matched ("kent" in "kent county") adds nothing.
            if all((s, e) == (begin, finish) for s, e in overlaps):
                spans.append((begin, finish, programme_id))
    found = list(dict.fromkeys(pid for _, _, pid in spans))
    remaining = lowered
    for start, end, _ in sorted(spans, key=lambda s: -s[0]):
        remaining = remaining[:start] + " " * (end - start) + remaining[end:]
    single_words = {
        alias.lower(): p.id
        for p in programmes
        for alias in (p.id, *p.aliases)
        if " " not in alias and len(alias) >= 5
    }
    words = remaining.split()
    kept: list[str] = []
    for word in words:
        if len(word) >= 5 and word not in ignore and not any(c.isdigit() for c in word):
            best = process.extractOne(
                word, list(single_words), scorer=fuzz.ratio, score_cutoff=PROGRAMME_FUZZY_CUTOFF
            )
            if best:
                found.append(single_words[best[0]])
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
    exact = [p for p in proposals if p.ref and p.ref.lower() == query.lower()]
    if exact:
        return [Ranked(p.id, p.label, 100.0) for p in exact]
    if looks_like_ref(query):
        return []
    choices: list[tuple[str, str]] = []
    for p in proposals:
        choices.append((p.name, p.id))
        choices.extend((alias, p.id) for alias in p.aliases)
        if p.id != p.ref:
            choices.append((p.id.replace("-", " "), p.id))
    best: dict[str, float] = {}
    for text, pid in choices:
        if text.lower() == query.lower():
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
    with_refs = [p for p in proposals if p.ref]
    scored = sorted(with_refs, key=lambda p: -fuzz.ratio(query, p.ref or ""))
    return scored[:limit]


def rank_phases(query: str, phases: Sequence[Phase]) -> list[Ranked]:
    query = query.strip().lower()
    for phase in phases:
        if query in {str(phase.number), phase.id.lower(), f"phase {phase.number}"}:
            return [Ranked(phase.id, phase.name, 100.0)]
    ranked = [
        Ranked(p.id, p.name, fuzz.WRatio(query, p.name, processor=utils.default_process))
        for p in phases
    ]
    return sorted(ranked, key=lambda r: -r.score)
