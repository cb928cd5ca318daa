"""Matching what users type against phases: by number or id exactly, else by name (rapidfuzz,
imported only when a name needs a fuzzy match)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.model import Phase


@dataclass(frozen=True)
class Ranked:
    key: str
    label: str
    score: float


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
