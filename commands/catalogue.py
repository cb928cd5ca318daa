"""What the engine derives from the knowledge base's programmes, once per build: ids, the
order of their papers, the matcher that finds them in text, and the understander."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from knowledge.matching import ProgrammeMatcher
from knowledge.model import Programme
from knowledge.queries import KnowledgeBase

if TYPE_CHECKING:
    from commands.understanding import Understander


class Catalogue:
    """What the engine derives from the knowledge base's programmes, for one generation of it."""

    def __init__(self, kb: KnowledgeBase):
        self.generation = kb.generation
        self.programmes: list[Programme] = kb.programmes()
        self.known = frozenset(p.id for p in self.programmes)
        self.all_ids = tuple(sorted(self.known))
        by_recency = sorted(self.programmes, key=lambda p: p.id)
        by_recency.sort(key=lambda p: p.paper_date.iso if p.paper_date else "", reverse=True)
        self.recency = {p.id: rank for rank, p in enumerate(by_recency)}
        self.matcher = ProgrammeMatcher(self.programmes)
        self._understander: Understander | None = None
        self._building = threading.Lock()
        self._kb = kb

    @property
    def understander(self) -> Understander:
        """Built on the first free question or by the warm-up, whichever comes first (once:
        the other waits for it); its vocabulary takes a moment on a large knowledge base."""
        if self._understander is None:
            from commands.understanding import Understander

            with self._building:
                if self._understander is None:
                    self._understander = Understander(self._kb, self.programmes)
        return self._understander


def narrowed_note(shown: int, total: int, command: str) -> str:
    """Said under an answer narrowed to the programmes with the latest papers."""
    return (
        f"Showing the {shown} programmes with the latest papers of {total:,} in scope; name"
        f" one (`{command} <programme>`), or set this channel's with `use <programme>`."
    )
