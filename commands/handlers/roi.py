"""``roi``: benefit-to-cost ratios, net return and payback, beside the papers' own ratios.

Every ratio is defined in the answer's basis line: "a year" is the best year's benefit per pound
of what a year costs (the one-off cost plus that year's running cost); "over" the years is every
year's benefit per pound of every cost. A savings plan's yearly increases are added up year on
year first (``knowledge.investment``), so each year counts what has built up by then.
"""

from __future__ import annotations

from decimal import Decimal

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.citing import cite
from commands.errors import BadInput
from commands.flags import flag_for
from commands.formatting import money_k, percent, ratio, sentence_case
from commands.lookup import find_proposal
from commands.registry import command
from knowledge.finance import agreement, printed_precision
from knowledge.investment import RoiInputs, roi_inputs
from knowledge.model import INCREMENTS, Source
from knowledge.roi import RoiResult, evaluate_roi


@command(
    "roi",
    summary="Return on investment: benefit-to-cost ratio a year and over the years, net ROI % and payback.",
    usage="roi [programme or ref] [over N years]",
    examples=("roi kent", "roi kent over 3 years", "roi 1.3", "roi harrow"),
    brief="roi [ref] [over N years]",
    listing=listings.MONEY,
    narrows="bare",
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
    bases: list[str] = []
    warnings: list[str] = []
    agreeing: list[str] = []
    sources: list[Source] = []
    several = len(targets) > 1
    for inputs in targets:
        sources.extend(inputs.sources)
        prefix = f"{_subject(inputs)}: " if several else ""
        if not inputs.costs or not any(v for _, v in inputs.costs):
            no_cost = sentence_case(inputs.cost_basis)
            lines.append(f"{prefix}{no_cost}, so no return on investment can be worked out.")
            continue
        results = [
            evaluate_roi(scenario, benefits, inputs.costs, call.request.over_years)
            for scenario, benefits in inputs.benefits.items()
        ]
        for result in results:
            lines.append(prefix + _result_line(result))
            full = len(inputs.benefits[result.scenario])
            found, agreed = _compare_stated(call, inputs, result, full)
            warnings.extend(found)
            agreeing.extend(agreed)
        bases.append(prefix + _basis(inputs, results))
    title = "Return on investment" + ("" if several else f" - {_subject(targets[0])}")
    notes = (f"The paper's own ratios agree: {', '.join(agreeing)}.",) if agreeing else ()
    short, details = cite(sources)
    # One programme: its basis line, with its figures. Several: what the ratios mean, once,
    # and each programme's figures behind ``more``.
    shown = bases if not several else [DEFINITION]
    return Answer(
        title=title,
        lines=(*lines, *shown),
        more=tuple(bases) if several else (),
        warnings=tuple(warnings),
        notes=notes,
        sources=short,
        details=details,
        data=data,
    )


DEFINITION = (
    "Basis: a year = the best year's benefit per £1 of one year's cost (the one-off cost and "
    "that year's running cost); over the years = all benefit per £1 of all cost; a savings "
    "plan's yearly increases are added up year on year; not discounted."
)


def _subject(inputs: RoiInputs) -> str:
    if inputs.subject == inputs.programme_id:
        return inputs.programme_id
    return f"{inputs.subject} ({inputs.programme_id})"


def _span(periods: tuple[str, ...]) -> str:
    if not periods:
        return "no years"
    return f"in {periods[0]}" if len(periods) == 1 else f"over {periods[0]} to {periods[-1]}"


def _result_line(result: RoiResult) -> str:
    """ "Target: 3.22:1 a year, 10.89:1 over 2014-15 to 2018-19 (net ROI 989.1%), pays back in
    2015-16" """
    payback = (
        f"pays back in {result.payback}" if result.payback else "does not pay back in these years"
    )
    net = f"(net ROI {percent(result.net_roi_percent)})"
    if len(result.periods) == 1:  # a year and the whole span are the same year
        return (
            f"{result.scenario.capitalize()}: {ratio(result.cumulative_ratio)} "
            f"{_span(result.periods)} {net}, {payback}"
        )
    return (
        f"{result.scenario.capitalize()}: {ratio(result.annual_ratio)} a year, "
        f"{ratio(result.cumulative_ratio)} {_span(result.periods)} {net}, {payback}"
    )


def _by_scenario(results: list[RoiResult], value: str) -> str:
    """Figures per scenario ("target £17.7m, stretch £28.2m"), or one figure if all agree."""
    shown = {r.scenario: money_k(getattr(r, value)) for r in results}
    if len(set(shown.values())) == 1:
        return next(iter(shown.values()))
    return ", ".join(f"{scenario} {figure}" for scenario, figure in shown.items())


def _basis(inputs: RoiInputs, results: list[RoiResult]) -> str:
    """What each ratio is, with the figures behind it, in one line."""
    reading = (
        "yearly increases added up, so each year counts what has built up by then"
        if inputs.yearly == INCREMENTS
        else "each year's figure as printed"
    )
    span = _span(results[0].periods)
    return (
        f"Basis: a year = the best year's benefit ({_by_scenario(results, 'full_year_benefit')}) "
        f"per £1 of one year's cost ({_by_scenario(results, 'full_year_cost')}); {span} = all "
        f"benefit ({_by_scenario(results, 'cumulative_benefit')}) per £1 of all cost "
        f"({_by_scenario(results, 'cost')}). Benefits: {inputs.benefit_basis}, {reading}. "
        f"Costs: {inputs.cost_basis}. Not discounted."
    )


def _compare_stated(
    call: Call, inputs: RoiInputs, result: RoiResult, full: int
) -> tuple[list[str], list[str]]:
    """The paper's own ratios against ours: a warning where one differs (flagged as the audit
    flags it), and the ones that agree for a plain note. A ratio over a horizon cut short by
    ``over N years`` is not comparable, so none is compared then."""
    warnings: list[str] = []
    agreed: list[str] = []
    if len(result.periods) != full:
        return warnings, agreed
    for figure in inputs.stated:
        if figure.scenario and figure.scenario != result.scenario:
            continue
        words = f"{figure.id} {figure.subject} {figure.measure}".lower()
        over_years = "cumulative" in words
        computed: Decimal | None = result.cumulative_ratio if over_years else result.annual_ratio
        if computed is None:
            continue
        kind = _span(result.periods) if over_years else "a year"
        stated = ratio(figure.amount.value, 1)
        scenario = f"{result.scenario} " if figure.scenario else ""
        verdict = agreement(figure.amount.value, computed, printed_precision(figure.amount.value))
        if verdict == "match":
            agreed.append(f"{stated} ({scenario}{kind})")
            continue
        flag = (
            flag_for(call.kb, inputs.programme_id, figure.id)
            or f"its own figures give {ratio(computed)}"
        )
        warnings.append(f"The paper states the {scenario}return {kind} as {stated} (⚠ {flag}).")
    return warnings, agreed
