"""Recording delivery: ``actual``, ``forecast``, ``rag`` (admins) and ``history`` (everyone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commands import listings
from commands.amounts import parse_amount
from commands.answer import Answer
from commands.call import Call
from commands.change_lines import change_line
from commands.delivery import delivery_lines
from commands.errors import BadInput
from commands.formatting import money
from commands.lookup import find_proposal
from commands.registry import command
from commands.tracked_years import tracked_year

if TYPE_CHECKING:  # the stores are handed over in the Call
    from knowledge.state.change_log import ChangeLog
    from knowledge.state.tracking import Tracking

RAG_WORDS = ("blue", "green", "amber", "red")


def _store(call: Call) -> Tracking:
    if call.tracking is None:
        raise BadInput("Tracking is not available here: start the bot with its data folder.")
    return call.tracking


def _change_log(call: Call) -> ChangeLog:
    if call.change_log is None:
        raise BadInput("The change log is not available here: start the bot with its data folder.")
    return call.change_log


def _record(call: Call, kind: str) -> Answer:
    if len(call.args) != 3:
        raise BadInput(
            f"Usage: {kind} <ref> <year> <amount>, e.g. {kind} 1.6 2017-18 120k", (f"help {kind}",)
        )
    query, year_text, amount_text = call.args
    proposal = find_proposal(call, query, kind)
    year = tracked_year(call.kb, proposal.programme_id, year_text)
    amount = parse_amount(amount_text)
    store = _store(call)
    old = store.record_amount(
        proposal.programme_id,
        proposal.id,
        year,
        kind,
        amount.thousands,
        call.context.user_id,
        call.context.via,
        call.write_time(),
    )
    lines, data, brag = delivery_lines(call, proposal)
    noun = "delivered savings" if kind == "actual" else "forecast savings"
    was = f" (was {money(old, 'GBP k')})" if old is not None else ""
    return Answer(
        title=f"Recorded {noun} for {proposal.label} in {year}: {money(amount.thousands, 'GBP k')}{was}",
        lines=(f"Read: {amount.explanation}", *lines, f"Delivery status: {brag or 'not yet reported'}"),
        data={"programme": proposal.programme_id, "proposal": proposal.id, "year": year,
              "amount_k": str(amount.thousands), "gaps": data, "brag": brag},
    )  # fmt: skip


@command(
    "actual",
    summary="Record savings delivered for a proposal in a financial year (admins).",
    usage="actual <ref> <year> <amount>",
    examples=("actual 1.6 2017-18 120k", "actual 1.3 2018/19 £0.1m"),
    admin=True,
    writes=True,
)
def actual(call: Call) -> Answer:
    return _record(call, "actual")


@command(
    "forecast",
    summary="Record the savings now forecast for a proposal in a financial year (admins).",
    usage="forecast <ref> <year> <amount>",
    examples=("forecast 1.6 2018-19 140k",),
    admin=True,
    writes=True,
)
def forecast(call: Call) -> Answer:
    return _record(call, "forecast")


@command(
    "rag",
    summary="Set a proposal's delivery-risk RAG, with a reason (admins).",
    usage="rag <ref> <blue|green|amber|red> [reason]",
    examples=("rag 1.7 amber partners confirmed",),
    admin=True,
    writes=True,
)
def rag(call: Call) -> Answer:
    if len(call.args) < 2 or call.args[1].lower() not in RAG_WORDS:
        raise BadInput("Usage: rag <ref> <blue|green|amber|red> [reason]", ("help rag",))
    proposal = find_proposal(call, call.args[0], "rag")
    new = call.args[1].lower()
    reason = " ".join(call.args[2:])
    store = _store(call)
    old = store.set_rag(
        proposal.programme_id,
        proposal.id,
        new,
        reason,
        call.context.user_id,
        call.context.via,
        call.write_time(),
        paper_rag=proposal.rag,
    )
    before = old or proposal.rag
    was = before.capitalize() if before else "not set"
    paper = proposal.rag.capitalize() if proposal.rag else "the paper gives none"
    return Answer(
        title=f"{proposal.label}: RAG set to {new.capitalize()} (was {was})",
        lines=(f"Reason: {reason}",) if reason else (),
        notes=(f"The paper's own delivery-risk RAG stays on record: {paper}.",),
        data={"programme": proposal.programme_id, "proposal": proposal.id, "rag": new},
    )


@command(
    "history",
    summary="Who changed what on a proposal or a milestone, and when (newest first).",
    usage="history <ref, name or milestone id>",
    examples=("history 1.6", "history gateway-2015-03"),
    brief="history <ref>",
    listing=listings.RECORD,
)
def history(call: Call) -> Answer:
    if not call.args:
        raise BadInput("Usage: history <ref, name or milestone id>", ("history 1.6",))
    log = _change_log(call)
    subject = _milestone_subject(call)
    if subject is None:
        proposal = find_proposal(call, call.rest, "history")
        subject = (proposal.programme_id, proposal.id, proposal.label)
    programme_id, key, label = subject
    changes = log.history(programme_id, key)
    if not changes:
        return Answer(
            title=f"No changes recorded for {label} yet.",
            data={"programme": programme_id, "proposal": key},
        )
    lines = [change_line(c.at, c.who, c.via, c.field, c.old, c.new) for c in changes]
    return Answer(
        title=f"History of {label} ({programme_id})",
        lines=tuple(lines),
        data={"programme": programme_id, "proposal": key, "who": [c.who for c in changes]},
    )


def _milestone_subject(call: Call) -> tuple[str, str, str] | None:
    """A milestone named by its id (as ``milestones`` lists them), if the text is one."""
    wanted = call.rest.strip().lower()
    in_scope = set(call.scope.programme_ids)
    named = [k for k in call.kb.milestone_keys() if k.id.lower() == wanted]
    found = [k for k in named if k.programme_id in in_scope]
    if not found and call.scope.how == "channel":  # a default is only a default
        found = named
    if len(found) != 1:
        return None
    milestone = call.kb.milestone(found[0].programme_id, found[0].id)
    if milestone is None:
        return None
    return milestone.programme_id, milestone.id, f"{milestone.kind} {milestone.title}"
