"""Finding the one proposal a question names, in scope, with helpful misses.

A knowledge base may hold thousands of programmes, so a ref is looked up through its index and
a name is matched on what names each proposal (``KnowledgeBase.proposal_names``); only the one
proposal answered is built in full.
"""

from __future__ import annotations

from typing import cast

from commands.call import Call
from commands.errors import ProposalNotFound
from knowledge.matching import (
    PROPOSAL_CUTOFF,
    Named,
    NameGroup,
    looks_like_ref,
    name_groups,
    rank_groups,
    suggest_refs,
)
from knowledge.model import Proposal
from knowledge.queries import KnowledgeBase

OFFERED = 5  # programmes offered as buttons when a proposal is in several


def in_scope_groups(call: Call) -> list[NameGroup]:
    """The proposals in scope grouped by what names them, worked out once per build for every
    programme and remembered for recent narrower scopes."""
    if call.scope.how == "all":
        return _every_group(call)
    ids = call.scope.programme_ids
    return cast(
        list[NameGroup],
        call.kb.remembered(
            ("name groups", ids),
            lambda: name_groups([p for pid in ids for p in call.kb.proposal_names(pid)]),
        ),
    )


def _every_group(call: Call) -> list[NameGroup]:
    return every_group(call.kb)


def every_group(kb: KnowledgeBase) -> list[NameGroup]:
    """Every proposal grouped by what names it, once per build (the engine warms it)."""
    compute = lambda: name_groups(kb.proposal_names())  # noqa: E731
    return cast(list[NameGroup], kb.memo(("name groups",), compute))


def _full(call: Call, named: Named) -> Proposal:
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
    if call.scope.how == "channel" and not here:
        # The channel's default is only a default: a ref unique elsewhere still answers.
        everywhere = _every_group(call)
        exact = [
            p for score, g in rank_groups(query, everywhere) if score == 100 for p in g.members
        ]
        if len(exact) == 1 and exact[0].ref == query:
            return _full(call, exact[0])
    groups = in_scope_groups(call)
    if not groups:
        where = call.scope.single or "the knowledge base"
        raise ProposalNotFound(
            f"{where} has no savings proposals.",
            tuple(f"{command} {query} {pid}" for pid in holders[:OFFERED])
            or (f"proposals {where}",),
        )
    ranked = rank_groups(query, groups)
    exact = [p for score, g in ranked if score == 100 for p in g.members]
    if len(exact) == 1:
        return _full(call, exact[0])
    if len({p.programme_id for p in exact}) > 1:
        raise _in_several(query, command, list(dict.fromkeys(p.programme_id for p in exact)))
    if ranked and ranked[0][0] >= PROPOSAL_CUTOFF:
        top = ranked[0][0]
        close = [g for score, g in ranked if top - score <= 2 and score >= PROPOSAL_CUTOFF]
        chosen = [p for g in close for p in g.members]
        if len(chosen) == 1:
            return _full(call, chosen[0])
        if len(close) > 1 or len({p.programme_id for p in chosen}) == 1:
            raise ProposalNotFound(
                f'"{query}" could mean several proposals; which one?',
                tuple(f"{command} {p.ref or p.id} {p.programme_id}" for p in chosen[:OFFERED]),
            )
        raise _in_several(query, command, list(dict.fromkeys(p.programme_id for p in chosen)))
    if looks_like_ref(query):
        nearest = suggest_refs(query, [g.members[0] for g in groups])
    else:
        nearest = [g.members[0] for _, g in ranked[:3]]
    hint = f" Did you mean {nearest[0].label}?" if nearest else ""
    raise ProposalNotFound(
        f"No proposal {query} in {_where(call, groups)}.{hint}",
        tuple(f"{command} {p.ref or p.id}" for p in nearest),
    )


def _where(call: Call, groups: list[NameGroup]) -> str:
    """Where a miss looked, for its message: the programme in scope, else the only one with refs."""
    with_refs = {p.programme_id for g in groups if g.ref for p in g.members}
    return call.scope.single or (with_refs.pop() if len(with_refs) == 1 else "the knowledge base")
