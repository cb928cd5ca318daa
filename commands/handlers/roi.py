"""``roi``: benefit-to-cost ratios, net return and payback, beside the papers' own ratios."""

from __future__ import annotations

from decimal import Decimal

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.formatting import money_k, percent, ratio
from commands.lookup import find_proposal
from commands.registry import command
from knowledge.finance import agreement, evaluate_roi, printed_precision
from knowledge.investment import roi_inputs
from knowledge.model import Figure


@command(
    "roi",
    summary="Return on investment: benefit-to-cost ratio (annual and cumulative), net ROI % and payback.",
    usage="roi [programme or ref] [over N years]",
    examples=("roi kent", "roi kent over 3 years", "roi 1.3", "roi harrow"),
)
def roi(call: Call) -> Answer:
    query = call.rest
    data: dict[str, object] = {}
    if query:
        proposal = find_proposal(call, query, "roi")
        inputs = roi_inputs(call.kb, proposal.programme_id, proposal.id)
        targets = [inputs] if inputs else []
        data = {"programme": proposal.programme_id, "proposal": proposal.id}
    else:
        targets = [i for pid in call.scope.programme_ids if (i := roi_inputs(call.kb, pid))]
    if not targets:
        raise BadInput(
            "The papers give no savings to weigh against a cost here.", ("roi kent", "programmes")
        )
    lines: list[str] = []
    notes: list[str] = []
    sources: list[str] = []
    for inputs in targets:
        header = (
            f"{inputs.subject}"
            if inputs.subject == inputs.programme_id
            else f"{inputs.subject} ({inputs.programme_id})"
        )
        if not inputs.costs or not any(v for _, v in inputs.costs):
            lines.append(
                f"{header}: {inputs.cost_basis}, so no return on investment can be computed."
            )
            continue
        for scenario, benefits in inputs.benefits.items():
            result = evaluate_roi(scenario, benefits, inputs.costs, call.request.over_years)
            span = (
                f"{result.periods[0]} to {result.periods[-1]}" if result.periods else "no periods"
            )
            lines.append(
                f"{header} {scenario}: annual {ratio(result.annual_ratio)}, cumulative over {len(result.periods)} "
                f"years ({span}) {ratio(result.cumulative_ratio)}, net ROI {percent(result.net_roi_percent)}, "
                f"payback {result.payback or 'not within the horizon'}"
            )
            lines.append(
                f"   benefits {money_k(result.cumulative_benefit)} against cost {money_k(result.cost)}"
            )
            notes.extend(
                _compare_stated(
                    inputs.stated,
                    scenario,
                    result.annual_ratio,
                    result.cumulative_ratio,
                    len(result.periods),
                    len(benefits),
                )
            )
        lines.append(
            f"   Basis: {inputs.benefit_basis}; {inputs.cost_basis}; nominal, undiscounted."
        )
        sources.extend(s.cite() for s in inputs.sources)
    return Answer(
        title="Return on investment",
        lines=tuple(lines),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(sources)),
        data=data,
    )


def _compare_stated(
    stated: tuple[Figure, ...],
    scenario: str,
    annual: Decimal | None,
    cumulative: Decimal | None,
    horizon: int,
    full: int,
) -> list[str]:
    notes = []
    for figure in stated:
        if figure.scenario and figure.scenario != scenario:
            continue
        is_cumulative = "cumulative" in f"{figure.id} {figure.subject} {figure.measure}".lower()
        if horizon != full:  # the paper's ratios are over its own horizon; a cut one differs
            continue
        computed = cumulative if is_cumulative else annual
        if computed is None:
            continue
        kind = "cumulative" if is_cumulative else "annual"
        verdict = agreement(figure.amount.value, computed, printed_precision(figure.amount.value))
        shown = ratio(computed)
        if verdict == "match":
            notes.append(
                f"The paper's {kind} {scenario} ratio {ratio(figure.amount.value, 1)} agrees with the computed {shown}."
            )
        else:
            notes.append(
                f"Differs from the paper: it states a {kind} {scenario} ratio of {ratio(figure.amount.value, 1)}, "
                f"but its own figures give {shown} ({figure.source.cite()})."
            )
    return notes
