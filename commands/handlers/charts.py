"""``chart``: savings by year, cost against funding, cumulative benefit against cost, or the
phases on a timeline, as a picture with its figures beside it (also ``graph`` and ``plot``)."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.lookup import find_proposal
from commands.registry import command

# The words people use for each chart, and the ones they put around them ("a chart of the
# savings for 1.6"); the question understander (issue 12) will read freer phrasings.
KINDS = {
    "savings": "savings",
    "saving": "savings",
    "gap": "gap",
    "gaps": "gap",
    "funding": "gap",
    "roi": "roi",
    "return": "roi",
    "payback": "roi",
    "milestones": "milestones",
    "milestone": "milestones",
    "timeline": "milestones",
    "phases": "milestones",
}
FILLER = {"a", "an", "the", "of", "for", "me", "show", "chart", "graph", "plot", "by", "year"}
USAGE = "chart savings|gap|roi|milestones [programme or ref]"


@command(
    "chart",
    summary="A chart with its figures: savings by year, cost against funding, cumulative benefit against cost, or the timeline.",
    usage=USAGE,
    examples=(
        "chart savings 1.6",
        "chart savings kent",
        "chart gap haringey-54000",
        "chart roi kent",
        "chart milestones haringey-54000",
    ),
    aliases=("charts", "graph", "plot"),
    brief="chart savings|gap|roi|milestones",
    listing=listings.AUDIT,
)
def chart(call: Call) -> Answer:
    from commands.chart_answers import (  # the chart types, only for the command that draws
        gap_chart,
        milestones_chart,
        one_programme,
        roi_chart,
        savings_chart,
    )

    words = [w for w in call.args if w.lower() not in FILLER]
    kind = KINDS.get(words[0].lower()) if words else None
    if kind is None:
        raise BadInput(
            f"Which chart? Use `{USAGE}`.",
            ("chart savings 1.6", "chart gap haringey-54000", "chart milestones kent"),
        )
    query = " ".join(words[1:])
    if kind in {"savings", "roi"} and query:
        proposal = find_proposal(call, query, f"chart {kind}")
        if kind == "savings":
            return savings_chart(call, proposal, proposal.programme_id)
        return roi_chart(call, proposal.programme_id, proposal)
    if query:
        raise BadInput(
            f'I did not understand "{query}" after "chart {kind}": name a programme.',
            (f"chart {kind} haringey-54000",),
        )
    programme_id = one_programme(call, kind)
    if kind == "savings":
        return savings_chart(call, None, programme_id)
    if kind == "roi":
        return roi_chart(call, programme_id, None)
    if kind == "gap":
        return gap_chart(call, programme_id)
    return milestones_chart(call, programme_id)
