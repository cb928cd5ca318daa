"""Finding the one proposal a question names, in scope, with helpful misses."""

from __future__ import annotations

from commands.call import Call
from commands.errors import ProposalNotFound
from knowledge.matching import PROPOSAL_CUTOFF, looks_like_ref, rank_proposals, suggest_refs
from knowledge.model import Proposal


def in_scope_proposals(call: Call) -> list[Proposal]:
    return [p for pid in call.scope.programme_ids for p in call.kb.proposals(pid)]


def find_proposal(call: Call, query: str, command: str) -> Proposal:
    """The one proposal ``query`` names in scope; a clear miss with suggestions otherwise."""
    in_scope = call.scope.programme_ids
    same_ref = [p for p in call.kb.proposals_with_ref(query) if p.programme_id in in_scope]
    if len(same_ref) == 1 and same_ref[0].ref == query:
        # The usual question, "savings 1.6": the one proposal in scope with this ref, which
        # the ranking below would also pick, found without building and ranking the list.
        return same_ref[0]
    candidates = in_scope_proposals(call)
    if call.scope.how == "channel" and not any(p.ref == query for p in candidates):
        # The channel's default is only a default: a ref unique elsewhere still answers.
        elsewhere = [p for p in call.kb.proposals() if p.ref == query]
        if len(elsewhere) == 1:
            return elsewhere[0]
    if not candidates:
        where = _where(call, candidates)
        elsewhere = [p for p in call.kb.proposals() if p.ref == query or p.id == query]
        raise ProposalNotFound(
            f"{where} has no savings proposals.",
            tuple(f"{command} {p.ref or p.id} {p.programme_id}" for p in elsewhere)
            or (f"proposals {where}",),
        )
    ranked = rank_proposals(query, candidates)
    if ranked and ranked[0].score == 100 and len([r for r in ranked if r.score == 100]) == 1:
        return _by_key(candidates, ranked[0].key)
    exact_refs = [r for r in ranked if r.score == 100]
    if len(exact_refs) > 1:
        options = [_by_key(candidates, r.key) for r in exact_refs]
        raise ProposalNotFound(
            f'"{query}" is a proposal in several programmes; say which one.',
            tuple(f"{command} {p.ref or p.id} {p.programme_id}" for p in options),
        )
    if ranked and ranked[0].score >= PROPOSAL_CUTOFF:
        close = [r for r in ranked if ranked[0].score - r.score <= 2 and r.score >= PROPOSAL_CUTOFF]
        if len(close) == 1:
            return _by_key(candidates, ranked[0].key)
        raise ProposalNotFound(
            f'"{query}" could mean several proposals; which one?',
            tuple(f"{command} {_by_key(candidates, r.key).ref or r.key}" for r in close[:5]),
        )
    nearest = (
        suggest_refs(query, candidates)
        if looks_like_ref(query)
        else [_by_key(candidates, r.key) for r in ranked[:3]]
    )
    hint = f" Did you mean {nearest[0].label}?" if nearest else ""
    raise ProposalNotFound(
        f"No proposal {query} in {_where(call, candidates)}.{hint}",
        tuple(f"{command} {p.ref or p.id}" for p in nearest),
    )


def _where(call: Call, candidates: list[Proposal]) -> str:
    """Where a miss looked, for its message: the programme in scope, else the only one with refs."""
    with_refs = {p.programme_id for p in candidates if p.ref}
    return call.scope.single or (with_refs.pop() if len(with_refs) == 1 else "the knowledge base")


def _by_key(proposals: list[Proposal], key: str) -> Proposal:
    return next(p for p in proposals if p.id == key)
