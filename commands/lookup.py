"""Finding the one proposal a question names, in scope, with helpful misses.

A knowledge base may hold thousands of programmes, so a ref is looked up through its index and
a name is matched on what names each proposal (``KnowledgeBase.proposal_names``); only the one
proposal answered is built in full.
"""

from __future__ import annotations

from commands.call import Call
from commands.errors import ProposalNotFound
from knowledge.matching import (
    PROPOSAL_CUTOFF,
    looks_like_ref,
    proposal_key,
    rank_proposals,
    suggest_refs,
)
from knowledge.model import Proposal, ProposalName

OFFERED = 5  # programmes offered as buttons when a proposal is in several


def in_scope_names(call: Call) -> list[ProposalName]:
    if call.scope.how == "all":
        return call.kb.proposal_names()
    return [p for pid in call.scope.programme_ids for p in call.kb.proposal_names(pid)]


def _full(call: Call, named: ProposalName) -> Proposal:
    proposal = call.kb.proposal(named.programme_id, named.id)
    assert proposal is not None  # the names come from the same build
    return proposal


def _with_ref(call: Call, ref: str, programme_id: str) -> Proposal | None:
    folded = ref.lower()
    return next(
        (p for p in call.kb.proposals(programme_id) if p.ref and p.ref.lower() == folded), None
    )


def _in_several(query: str, command: str, programme_ids: list[str]) -> ProposalNotFound:
    """A ref or name in several programmes: say how many, offer a few to pick from."""
    offered = tuple(f"{command} {query} {pid}" for pid in programme_ids[:OFFERED])
    more = len(programme_ids) - OFFERED
    tail = f" ({more:,} more: name the programme, or `use <programme>` in this channel)"
    return ProposalNotFound(
        f'"{query}" is a proposal in several programmes ({len(programme_ids):,}); say which one.'
        + (tail if more > 0 else ""),
        offered,
    )


def find_proposal(call: Call, query: str, command: str) -> Proposal:
    """The one proposal ``query`` names in scope; a clear miss with suggestions otherwise."""
    in_scope = set(call.scope.programme_ids)
    holders = call.kb.programmes_with_ref(query) if looks_like_ref(query) else []
    here = [pid for pid in holders if pid in in_scope]
    if len(here) == 1:  # the usual question, "savings 1.6": found through the ref index
        found = _with_ref(call, query, here[0])
        if found is not None:
            return found
    if len(here) > 1:
        raise _in_several(query, command, here)
    if call.scope.how == "channel" and len(holders) == 1:
        # The channel's default is only a default: a ref unique elsewhere still answers.
        found = _with_ref(call, query, holders[0])
        if found is not None:
            return found
    candidates = in_scope_names(call)
    if not candidates:
        where = call.scope.single or "the knowledge base"
        raise ProposalNotFound(
            f"{where} has no savings proposals.",
            tuple(f"{command} {query} {pid}" for pid in holders[:OFFERED])
            or (f"proposals {where}",),
        )
    ranked = rank_proposals(query, candidates, limit=max(OFFERED, 5))
    by_key = {proposal_key(p): p for p in candidates}
    best = [r for r in ranked if r.score == 100]
    if len(best) == 1:
        return _full(call, by_key[best[0].key])
    if len(best) > 1:
        programmes = list(dict.fromkeys(by_key[r.key].programme_id for r in best))
        if len(programmes) > 1:
            exact = [
                by_key[r.key]
                for r in rank_proposals(query, candidates, limit=len(candidates))
                if r.score == 100
            ]
            raise _in_several(query, command, list(dict.fromkeys(p.programme_id for p in exact)))
    if ranked and ranked[0].score >= PROPOSAL_CUTOFF:
        close = [r for r in ranked if ranked[0].score - r.score <= 2 and r.score >= PROPOSAL_CUTOFF]
        chosen = list(dict.fromkeys(by_key[r.key] for r in close))
        if len(chosen) == 1:
            return _full(call, chosen[0])
        if len({p.programme_id for p in chosen}) == 1 or len({p.label for p in chosen}) > 1:
            raise ProposalNotFound(
                f'"{query}" could mean several proposals; which one?',
                tuple(f"{command} {p.ref or p.id} {p.programme_id}" for p in chosen[:OFFERED]),
            )
        raise _in_several(query, command, list(dict.fromkeys(p.programme_id for p in chosen)))
    nearest = (
        suggest_refs(query, candidates)
        if looks_like_ref(query)
        else [by_key[r.key] for r in ranked[:3]]
    )
    hint = f" Did you mean {nearest[0].label}?" if nearest else ""
    raise ProposalNotFound(
        f"No proposal {query} in {_where(call, candidates)}.{hint}",
        tuple(f"{command} {p.ref or p.id}" for p in nearest),
    )


def _where(call: Call, candidates: list[ProposalName]) -> str:
    """Where a miss looked, for its message: the programme in scope, else the only one with refs."""
    with_refs = {p.programme_id for p in candidates if p.ref}
    return call.scope.single or (with_refs.pop() if len(with_refs) == 1 else "the knowledge base")
