"""``gap`` and ``roi``: funding, savings and delivery gaps, and return on investment."""

from __future__ import annotations

from decimal import Decimal

from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput
from commands.formatting import (
    delivery_gap_text,
    money,
    money_k,
    percent,
    ratio,
    shortfall_text,
)
from commands.registry import command
from commands.views import find_proposal
from knowledge.dates import BadFinancialYear, looks_like_financial_year, parse_financial_year
from knowledge.finance import agreement, evaluate_roi, gap_by_period, gap_total, printed_precision
from knowledge.gaps import delivery_gap, savings_gap, savings_target
from knowledge.investment import roi_inputs
from knowledge.model import Figure


def _split_years(args: tuple[str, ...]) -> tuple[list[str], str]:
    years, rest = [], []
    for word in args:
        if looks_like_financial_year(word):
            try:
                years.append(parse_financial_year(word))
            except BadFinancialYear as error:
                raise BadInput(str(error), ("gap 2014-15",)) from None
        else:
            rest.append(word)
    return years, " ".join(rest)


def _by_period(figures: list[Figure]) -> dict[str, Decimal]:
    return {
        f.period: f.amount.in_thousands() for f in figures if looks_like_financial_year(f.period)
    }


@command(
    "gap",
    summary="Funding gap (cost against funding), savings gap (target against identified) and delivery gap.",
    usage="gap [programme or ref] [year]",
    examples=("gap haringey-54000", "gap haringey-54000 2014-15", "gap 1.6", "gap fom"),
)
def gap(call: Call) -> Answer:
    years, query = _split_years(call.args)
    if query:
        from commands.handlers.tracking import delivery_lines

        proposal = find_proposal(call, query, "gap")
        by_year, gaps, brag = delivery_lines(call, proposal)
        if years:
            by_year = [line for line in by_year if line.split(":")[0] in years]
        missing = (
            []
            if gaps
            else [
                "No delivered or forecast savings are recorded yet, so the delivery gap cannot be measured."
            ]
        )
        status = f"Delivery status: {brag}" if brag else "Delivery status: not yet reported"
        return Answer(
            title=f"Delivery gap - {proposal.label} ({proposal.programme_id})",
            lines=(*(by_year or ["No planned savings are recorded for that year."]), status),
            notes=tuple(missing),
            sources=(proposal.source.cite(),),
            data={"gaps": gaps, "brag": brag},
        )
    lines: list[str] = []
    notes: list[str] = []
    sources: list[str] = []
    data: dict[str, object] = {}
    for pid in call.scope.programme_ids:
        found = _funding_gap(call, pid, years, lines, notes, sources, data)
        found |= _savings_gap(call, pid, years, lines, notes, sources)
        found |= _delivery_gap(call, pid, years, lines)
        if (
            not found
            and call.scope.how != "all"
            and not any(n.startswith(f"{pid}:") for n in notes)
        ):
            lines.append(
                f"{pid}: the paper gives no cost/funding or target/identified pair to compare."
            )
    if not lines and not notes:
        raise BadInput(
            "No gaps can be worked out for " + ", ".join(call.scope.programme_ids) + ".",
            ("programmes",),
        )
    if not lines:
        lines.append("No gap can be worked out for that year.")
    title = (
        "Gaps"
        + (f" - {call.scope.single}" if call.scope.single else "")
        + (f" ({', '.join(years)})" if years else "")
    )
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(sources)),
        data=data,
    )


def _funding_gap(
    call: Call,
    pid: str,
    years: list[str],
    lines: list[str],
    notes: list[str],
    sources: list[str],
    data: dict[str, object],
) -> bool:
    cost = _by_period(call.kb.figures(pid, measure="total cost"))
    funding = _by_period(call.kb.figures(pid, measure="funding available"))
    if not cost or not funding:
        return False
    stated = _by_period(call.kb.figures(pid, measure="funding gap"))
    gap_lines = [g for g in gap_by_period(cost, funding) if not years or g.period in years]
    if not gap_lines:
        return False
    parts = []
    for line in gap_lines:
        text = f"{line.period} {money(line.gap, 'GBP k')}"
        if line.period in stated and stated[line.period] != line.gap:
            notes.append(
                f"{pid} {line.period}: the paper prints a gap of {money(stated[line.period], 'GBP k')}; cost minus funding is {money(line.gap, 'GBP k')}."
            )
        parts.append(text)
    overall = gap_total(gap_lines)
    lines.append(
        f"{pid}: funding gap (cost minus available funding): "
        + " | ".join(parts)
        + f" | total {money(overall.gap, 'GBP k')}"
    )
    lines.append(f"   cost {money(overall.need, 'GBP k')}, funding {money(overall.have, 'GBP k')}")
    sources.extend(f.source.cite() for f in call.kb.figures(pid, measure="funding gap")[:1])
    data[pid] = {g.period: str(g.gap) for g in gap_lines} | {"total": str(overall.gap)}
    return True


def _savings_gap(
    call: Call, pid: str, years: list[str], lines: list[str], notes: list[str], sources: list[str]
) -> bool:
    found = savings_gap(call.kb, pid, years)
    if found is None:
        target = savings_target(call.kb, pid)
        if target is not None and years and not looks_like_financial_year(target.period):
            notes.append(
                f"{pid}: its savings target ({money(target.amount.value, target.amount.unit)}, "
                f"{target.period}) is not split by year; `gap {pid}` compares the whole of it."
            )
        return False
    target = found.target
    sources.append(target.source.cite())
    shown = money(target.amount.value, target.amount.unit)
    if found.identified is None or found.shortfall_k is None:
        lines.append(
            f"{pid}: savings target {target.period}: {shown}; "
            "the paper itemises no savings lines to set against it."
        )
        return True
    verdict = shortfall_text(found.shortfall_k)
    lines.append(
        f"{pid}: savings gap ({found.span}): target {shown}, identified "
        f"{money(found.identified, found.unit)} in {found.lines} lines - {verdict}"
    )
    return True


@command(
    "roi",
    summary="Return on investment: benefit-to-cost ratio (annual and cumulative), net ROI % and payback.",
    usage="roi [programme or ref] [over N years]",
    examples=("roi kent", "roi kent over 3 years", "roi 1.3", "roi harrow"),
)
def roi(call: Call) -> Answer:
    query = call.rest
    if query:
        proposal = find_proposal(call, query, "roi")
        inputs = roi_inputs(call.kb, proposal.programme_id, proposal.id)
        targets = [inputs] if inputs else []
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


def _delivery_gap(call: Call, pid: str, years: list[str], lines: list[str]) -> bool:
    """Plan against what was delivered (or is now forecast) for the years reported so far."""
    found = delivery_gap(call.kb, call.tracking, pid, years)
    if found is None:
        return False
    lines.append(f"{pid}: delivery gap (years reported): {delivery_gap_text(found)}")
    return True
