"""Recording delivery: ``actual``, ``forecast``, ``rag`` (admins) and ``history`` (everyone)."""

from __future__ import annotations

from decimal import Decimal

from commands.amounts import parse_amount
from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput
from commands.formatting import money
from commands.registry import command
from commands.views import find_proposal
from knowledge.dates import BadFinancialYear, parse_financial_year
from knowledge.delivery import brag_status, delivery_years
from knowledge.model import Proposal
from knowledge.tracking import TrackingStore

RAG_WORDS = ("blue", "green", "amber", "red")


def _store(call: Call) -> TrackingStore:
    if call.tracking is None:
        raise BadInput("Tracking is not available here: start the bot with its data folder.")
    return call.tracking


def _year(text: str) -> str:
    try:
        return parse_financial_year(text)
    except BadFinancialYear as error:
        raise BadInput(str(error)) from None


def delivery_lines(
    call: Call, proposal: Proposal, reported_only: bool = False
) -> tuple[list[str], dict[str, str], str | None]:
    """Planned, delivered and forecast by year with the gap, and the derived BRAG status.

    ``reported_only`` skips the lines when nothing has been delivered or forecast yet, for
    answers that show delivery only once there is some.
    """
    store = call.tracking
    delivered = store.amounts(proposal.programme_id, proposal.id, "actual") if store else {}
    forecast = store.amounts(proposal.programme_id, proposal.id, "forecast") if store else {}
    if reported_only and not delivered and not forecast:
        return [], {}, None
    savings = call.kb.proposal_savings(proposal.programme_id, proposal.id)
    planned = dict(savings.by_year) if savings else {}
    unit = savings.unit if savings else "GBP k"
    years = delivery_years(planned, delivered, forecast)
    lines, data = [], {}
    for year in years:
        parts = [f"planned {money(year.planned, unit)}"]
        parts.append(
            f"delivered {money(year.delivered, 'GBP k')}"
            if year.delivered is not None
            else "delivered: not recorded"
        )
        if year.forecast is not None:
            parts.append(f"forecast {money(year.forecast, 'GBP k')}")
        if year.gap is not None:
            parts.append(f"gap {money(year.gap, 'GBP k')}")
            data[year.year] = str(year.gap)
        lines.append(f"{year.year}: " + "; ".join(parts))
    return lines, data, brag_status(years)


def _record(call: Call, kind: str) -> Answer:
    if len(call.args) != 3:
        raise BadInput(
            f"Usage: {kind} <ref> <year> <amount>, e.g. {kind} 1.6 2017-18 120k", (f"help {kind}",)
        )
    query, year_text, amount_text = call.args
    proposal = find_proposal(call, query, kind)
    year = _year(year_text)
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
    was = old or proposal.rag or "none"
    return Answer(
        title=f"{proposal.label}: RAG set to {new.capitalize()} (was {was.capitalize()})",
        lines=(f"Reason: {reason}",) if reason else (),
        notes=(
            f"The paper's own delivery-risk RAG stays on record: {(proposal.rag or 'none').capitalize()}.",
        ),
        data={"proposal": proposal.id, "rag": new},
    )


@command(
    "history",
    summary="Who changed what on a proposal or a milestone, and when (newest first).",
    usage="history <ref, name or milestone id>",
    examples=("history 1.6", "history gateway-2015-03"),
)
def history(call: Call) -> Answer:
    if not call.args:
        raise BadInput("Usage: history <ref, name or milestone id>", ("history 1.6",))
    store = _store(call)
    subject = _milestone_subject(call)
    if subject is None:
        proposal = find_proposal(call, call.rest, "history")
        subject = (proposal.programme_id, proposal.id, proposal.label)
    programme_id, key, label = subject
    changes = store.history(programme_id, key)
    if not changes:
        return Answer(title=f"No changes recorded for {label} yet.")
    lines = [
        f"{c.at[:16].replace('T', ' ')} {c.who} ({c.via}): {c.field} {c.old or '-'} -> {c.new}"
        for c in changes
    ]
    return Answer(
        title=f"History of {label} ({programme_id})",
        lines=tuple(lines),
        data={"who": [c.who for c in changes]},
    )


def _milestone_subject(call: Call) -> tuple[str, str, str] | None:
    """A milestone named by its id (as ``milestones`` lists them), if the text is one."""
    wanted = call.rest.strip().lower()
    in_scope = set(call.scope.programme_ids)
    named = [m for m in call.kb.milestones() if m.id.lower() == wanted]
    found = [m for m in named if m.programme_id in in_scope]
    if not found and call.scope.how == "channel":  # a default is only a default
        found = named
    if len(found) != 1:
        return None
    return found[0].programme_id, found[0].id, f"{found[0].kind} {found[0].title}"


def current_rag(call: Call, proposal: Proposal) -> tuple[str | None, str]:
    """The board's latest RAG if one was set, else the paper's; and where it came from."""
    override = call.tracking.rag(proposal.programme_id, proposal.id) if call.tracking else None
    if override:
        return override.rag, f"set by {override.updated_by}"
    return proposal.rag, "paper"


def planned_total(call: Call, proposal: Proposal) -> Decimal | None:
    savings = call.kb.proposal_savings(proposal.programme_id, proposal.id)
    return savings.computed_total if savings else None
