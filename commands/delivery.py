"""A proposal's plan against what was delivered and forecast, year by year, and the RAG the
board now gives it: shared by ``savings``, ``gap`` and the recording commands."""

from __future__ import annotations

from commands.call import Call
from commands.formatting import money
from knowledge.model import Proposal


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
    from knowledge.delivery_gaps import brag_status, delivery_years  # only with figures to read

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
            ahead = year.gap < 0
            shown = money(-year.gap if ahead else year.gap, "GBP k")
            parts.append(f"ahead by {shown}" if ahead else f"gap {shown}")
            data[year.year] = str(year.gap)
        lines.append(f"{year.year}: " + "; ".join(parts))
    return lines, data, brag_status(years)


def current_rag(call: Call, proposal: Proposal) -> tuple[str | None, str]:
    """The board's latest RAG if one was set, else the paper's; and where it came from."""
    override = call.tracking.rag(proposal.programme_id, proposal.id) if call.tracking else None
    if override:
        return override.rag, f"set by {override.updated_by}"
    return proposal.rag, "paper"
