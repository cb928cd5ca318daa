"""Light records that stand in for thousands of milestones, phases and proposals: enough to
put every milestone in date order, or to find a phase or proposal by what a question calls
it, without building each full record (``KnowledgeBase.milestone_keys``, ``phase_names``,
``proposal_names``).

Apart from ``knowledge.model`` so that a question that needs none of these indexes (``savings
1.6`` finds its proposal by ref) does not make their classes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class MilestoneKey:
    """Where a milestone falls, and which it is: enough to put every milestone of thousands of
    programmes in date order without building them all (``KnowledgeBase.milestone_keys``)."""

    first: str  # its first day, ISO: the order milestones are listed in
    programme_id: str
    id: str
    last: str  # its last day, ISO: until then it is still to come
    kind: str


@dataclass(frozen=True)
class PhaseName:
    """A phase as a question names it: which programme's, which one, and its name."""

    programme_id: str
    id: str
    name: str


@dataclass(frozen=True)
class ProposalName:
    """What names a proposal, and nothing else: enough to find one among thousands without
    building them all (``KnowledgeBase.proposal_names``)."""

    programme_id: str
    id: str
    ref: str | None
    name: str
    aliases: tuple[str, ...]
    short_name: str = ""

    @property
    def label(self) -> str:
        name = self.short_name or self.name
        return f"{self.ref} {name}" if self.ref else name

    @property
    def key(self) -> str:
        """Unique across programmes: ids repeat from one programme to the next."""
        return f"{self.programme_id}/{self.id}"
