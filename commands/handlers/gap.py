"""``gap``: funding gap (cost against funding), savings gap (target against the savings
lines) and delivery gap (plan against what was delivered or forecast)."""

from __future__ import annotations

from decimal import Decimal

from commands.answer import Answer
from commands.call import Call
from commands.delivery import delivery_lines
from commands.errors import BadInput
from commands.formatting import delivery_gap_text, money, shortfall_text
from commands.lookup import find_proposal
from commands.registry import command
from knowledge.dates import looks_like_financial_year
from knowledge.finance import gap_by_period, gap_total
from knowledge.gaps import delivery_gap, savings_gap, savings_target
from knowledge.model import Figure


def _by_period(figures: list[Figure]) -> dict[str, Decimal]:
    return {
        f.period: f.amount.in_thousands() for f in figures if looks_like_financial_year(f.period)
    }


@command(
    "gap",
    summary="Funding gap (cost against funding), savings gap (target against identified) and delivery gap.",
    usage="gap [programme or ref] [year]",
    examples=("gap haringey-54000", "gap haringey-54000 2014-15", "gap 1.6", "gap fom"),
    periods=True,
)
def gap(call: Call) -> Answer:
    years, query = list(call.request.years), call.rest
    if query:
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
            data={
                "programme": proposal.programme_id,
                "proposal": proposal.id,
                "gaps": gaps,
                "brag": brag,
            },
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


def _delivery_gap(call: Call, pid: str, years: list[str], lines: list[str]) -> bool:
    """Plan against what was delivered (or is now forecast) for the years reported so far."""
    found = delivery_gap(call.kb, call.tracking, pid, years)
    if found is None:
        return False
    lines.append(f"{pid}: delivery gap (years reported): {delivery_gap_text(found)}")
    return True
