"""Answers that carry a chart: the series from ``knowledge.series`` worded as figures (so the
answer reads in full without the picture) and described as a ``Chart`` for a face to draw.
Shared by ``chart`` and ``digest``."""

from __future__ import annotations

import re
from decimal import Decimal

from commands.answer import Answer
from commands.call import Call
from commands.chart import BarChart, Bars, Chart, Event, Line, LineChart, Mark, Span, Timeline
from commands.errors import BadInput
from commands.formatting import days_to_go, money, money_k
from commands.item_answers import phase_dates
from knowledge.finance import total
from knowledge.model import Proposal, Source
from knowledge.series import (
    SavingsSeries,
    funding_series,
    payback_curves,
    programme_savings_series,
    proposal_savings_series,
)

AXIS = {"GBP k": "£ thousands", "GBP m": "£ millions", "GBP": "£"}
SERIES_NAMES = {"plan": "Planned", "target": "Target", "stretch": "Stretch"}
MARKED_KINDS = ("checkpoint", "gateway")
SUMMARY_LIMIT = 1000


def _file_name(*parts: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", "-".join(parts).lower()).strip("-")


def _programme_title(call: Call, programme_id: str) -> str:
    programme = call.kb.programme(programme_id)
    return programme.title if programme else programme_id


def _subtitle(programme_id: str, sources: tuple[Source, ...]) -> str:
    cited = "; ".join(dict.fromkeys(s.cite() for s in sources))
    return f"{programme_id} · Source: {cited}" if cited else programme_id


def _summary(title: str, lines: list[str]) -> str:
    text = f"{title}. " + ". ".join(lines)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def _labels(values: tuple[Decimal | None, ...], unit: str) -> tuple[str, ...]:
    return tuple("" if v is None else money(v, unit) for v in values)


def _figures_line(
    name: str, years: tuple[str, ...], values: tuple[Decimal | None, ...], unit: str
) -> str:
    parts = [f"{y} {money(v, unit)}" for y, v in zip(years, values, strict=True) if v is not None]
    shown = [v for v in values if v is not None]
    return f"{name}: " + " | ".join([*parts, f"total {money(total(shown), unit)}"])


def one_programme(call: Call, kind: str) -> str:
    """The one programme a programme-wide chart is drawn for; a clear ask otherwise."""
    if call.scope.single:
        return call.scope.single
    raise BadInput(
        "A chart is drawn for one programme at a time: name it.",
        tuple(f"chart {kind} {pid}" for pid in call.scope.programme_ids[:3]),
    )


def savings_chart(call: Call, proposal: Proposal | None, programme_id: str) -> Answer:
    """Savings by year as planned (or by scenario), with delivered and forecast once recorded."""
    series = (
        proposal_savings_series(call.kb, call.tracking, proposal)
        if proposal
        else programme_savings_series(call.kb, call.tracking, programme_id)
    )
    if series is None:
        raise BadInput(
            f"No savings by year are recorded for {proposal.label if proposal else programme_id}.",
            ("chart savings kent", "proposals"),
        )
    return _savings_answer(call, series, proposal)


def _savings_answer(call: Call, series: SavingsSeries, proposal: Proposal | None) -> Answer:
    unit, years = series.unit, series.years
    named = [(SERIES_NAMES.get(n, n.capitalize()), n, v) for n, v in series.planned]
    if series.tracked:
        named += [("Delivered", "delivered", series.delivered)]
        named += [("Forecast", "forecast", series.forecast)]
    lines = [_figures_line(label, years, values, unit) for label, _, values in named]
    subject = proposal.label if proposal else _programme_title(call, series.programme_id)
    title = f"Savings by year - {subject}"
    notes = [f"Planned is {series.basis}."] if proposal is None else []
    if proposal is not None and not series.tracked:
        notes.append(
            "Nothing delivered or forecast is recorded yet; admins record it with `actual`."
        )
    chart = Chart(
        name=_file_name(
            "savings", proposal.ref or proposal.id if proposal else series.programme_id
        ),
        title=title,
        subtitle=_subtitle(series.programme_id, series.sources),
        summary=_summary(title, lines),
        body=BarChart(
            categories=years,
            bars=tuple(
                Bars(label, values, _labels(values, unit), role) for label, role, values in named
            ),
            axis=AXIS.get(unit, unit),
        ),
    )
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(s.cite() for s in series.sources)),
        charts=(chart,),
        data={"years": list(years), "series": {n: [str(v) for v in vs] for _, n, vs in named}},
    )


def gap_chart(call: Call, programme_id: str) -> Answer:
    """Cost, available funding and the gap between them, by year."""
    found = funding_series(call.kb, programme_id)
    if found is None:
        raise BadInput(
            f"{programme_id}'s paper gives no cost and funding by year to chart; "
            f"`gap {programme_id}` shows the gaps it does give.",
            (f"gap {programme_id}", "chart gap haringey-54000"),
        )
    named = (
        ("Cost", "cost", found.cost),
        ("Funding available", "funding", found.funding),
        ("Gap", "gap", found.gap),
    )
    lines = [_figures_line(label, found.years, values, "GBP k") for label, _, values in named]
    notes = [
        f"{year}: the paper prints a gap of {money(stated, 'GBP k')}; cost minus funding is {money(gap, 'GBP k')}."
        for year, stated, gap in zip(found.years, found.stated_gap, found.gap, strict=True)
        if stated is not None and stated != gap
    ]
    title = f"Cost, funding and gap by year - {_programme_title(call, programme_id)}"
    chart = Chart(
        name=_file_name("gap", programme_id),
        title=title,
        subtitle=_subtitle(programme_id, found.sources),
        summary=_summary(title, lines),
        body=BarChart(
            categories=found.years,
            bars=tuple(
                Bars(label, values, _labels(values, "GBP k"), role) for label, role, values in named
            ),
            axis=AXIS["GBP k"],
        ),
    )
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(s.cite() for s in found.sources)),
        charts=(chart,),
    )


def roi_chart(call: Call, programme_id: str, proposal: Proposal | None) -> Answer:
    """Cumulative benefit against cumulative cost by period, the payback period marked."""
    found = payback_curves(
        call.kb, programme_id, proposal.id if proposal else None, call.request.over_years
    )
    subject = proposal.label if proposal else programme_id
    if found is None or not found.curves:
        reason = found.cost_basis if found else "the papers give no savings to weigh"
        raise BadInput(
            f"No return on investment can be charted for {subject}: {reason}.",
            ("chart roi kent", "roi"),
        )
    biggest = max(v for c in found.curves for v in (*c.benefit, *c.cost))
    scale, axis = (Decimal(1000), AXIS["GBP m"]) if biggest >= 1000 else (Decimal(1), AXIS["GBP k"])
    several = len(found.curves) > 1
    lines, drawn, marks = [], [], []
    for curve in found.curves:
        name = f"Cumulative benefit ({curve.scenario})" if several else "Cumulative benefit"
        role = curve.scenario if curve.scenario in {"target", "stretch"} else "benefit"
        drawn.append(
            Line(name, tuple(v / scale for v in curve.benefit), role, money_k(curve.benefit[-1]))
        )
        parts = " | ".join(
            f"{p} {money_k(v)}" for p, v in zip(curve.periods, curve.benefit, strict=True)
        )
        payback = curve.payback or "not within these years"
        lines.append(f"{name}: {parts}; payback {payback}")
        if curve.payback:
            index = curve.periods.index(curve.payback)
            label = f"Payback {curve.payback}" + (f" ({curve.scenario})" if several else "")
            marks.append(Mark(index, curve.benefit[index] / scale, label))
    cost = found.curves[0]
    drawn.append(
        Line("Cumulative cost", tuple(v / scale for v in cost.cost), "cost", money_k(cost.cost[-1]))
    )
    lines.append(
        "Cumulative cost: "
        + " | ".join(f"{p} {money_k(v)}" for p, v in zip(cost.periods, cost.cost, strict=True))
    )
    title = f"Cumulative benefit against cost - {subject}"
    chart = Chart(
        name=_file_name("roi", proposal.ref or proposal.id if proposal else programme_id),
        title=title,
        subtitle=_subtitle(programme_id, found.sources),
        summary=_summary(title, lines),
        body=LineChart(cost.periods, tuple(drawn), tuple(marks), axis),
    )
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=(f"Basis: {found.benefit_basis}; {found.cost_basis}; nominal, undiscounted.",),
        sources=tuple(dict.fromkeys(s.cite() for s in found.sources)),
        charts=(chart,),
    )


def milestones_chart(call: Call, programme_id: str) -> Answer:
    """The phases as bars on a timeline, checkpoints and gateways marked, and the date's line."""
    spans_found = call.kb.phase_spans(programme_id)
    marked = call.kb.milestones(programme_id, MARKED_KINDS)
    if not spans_found and not marked:
        raise BadInput(
            f"{programme_id} has no dated phases or milestones to chart.", ("phases", "milestones")
        )
    dates = [d for _, first, last in spans_found for d in (first, last) if d is not None]
    dates += [m.date.first_day() for m in marked]
    edge = max(dates)
    spans = tuple(
        Span(phase.name, first, last or edge, last is None) for phase, first, last in spans_found
    )
    events = tuple(Event(m.title, m.date.first_day(), m.kind, m.date.exact_day) for m in marked)
    lines = [f"{phase.name}: {phase_dates(phase)}" for phase, _, _ in spans_found]
    lines += [
        f"{m.kind.capitalize()} {m.date.display()}: {m.title} ({days_to_go(m.date, call.today)})"
        for m in marked
    ]
    today_label = "as of" if call.request.as_of else "today"
    title = f"Phases, checkpoints and gateways - {_programme_title(call, programme_id)}"
    sources = tuple(
        dict.fromkeys([*(p.source for p, _, _ in spans_found), *(m.source for m in marked)])
    )
    chart = Chart(
        name=_file_name("milestones", programme_id),
        title=title,
        subtitle=_subtitle(programme_id, sources[:2]),
        summary=_summary(title, lines),
        body=Timeline(spans, events, call.today, today_label),
    )
    return Answer(
        title=title,
        lines=tuple(lines),
        sources=tuple(dict.fromkeys(s.cite() for s in sources)),
        charts=(chart,),
    )
