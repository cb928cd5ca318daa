"""The board digest, one screen per programme: the next four weeks' milestones with days to
go, what changed since the last digest (from the change log, with who), delivery status
(BRAG counts and the delivery gap), the audit's findings, and the savings chart."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from commands.answer import Answer
from commands.call import Call
from commands.change_lines import change_words
from commands.chart import Chart
from commands.chart_answers import savings_chart
from commands.errors import CypsError
from commands.formatting import delivery_gap_text
from commands.item_answers import milestone_line
from knowledge.audit import audit_knowledge_base
from knowledge.delivery_gaps import brag_status, delivery_gap, delivery_years
from knowledge.state.change_log import Change

AHEAD = timedelta(days=28)
CHANGES_SHOWN = 8
BRAG_ORDER = ("blue", "green", "amber", "red")


def digest_answer(call: Call, since: datetime, end: datetime) -> Answer:
    """The digest for every programme in scope, with changes made from ``since`` to ``end``."""
    lines: list[str] = []
    charts: list[Chart] = []
    sources: list[str] = []
    for pid in call.scope.programme_ids:
        programme = call.kb.programme(pid)
        lines.append(f"{programme.title if programme else pid} ({pid})")
        lines.extend(f"   {line}" for line in _milestone_lines(call, pid))
        lines.extend(f"   {line}" for line in _change_lines(call, pid, since, end))
        delivery = _delivery_line(call, pid)
        if delivery:
            lines.append(f"   {delivery}")
        lines.append(f"   {_audit_line(call, pid)}")
        try:
            chart = savings_chart(call, None, pid)
        except CypsError:  # a programme without savings by year has no chart to draw
            continue
        charts.extend(chart.charts)
        sources.extend(chart.sources)
    when = call.today.isoformat()
    scope = call.scope.single or "every programme"
    return Answer(
        title=f"Board digest - {scope}, {when}",
        lines=tuple(lines),
        notes=(f"Changes since {since.date().isoformat()}.",),
        sources=tuple(dict.fromkeys(sources)),
        charts=tuple(charts),
        data={"since": since.isoformat(), "programmes": list(call.scope.programme_ids)},
    )


def _milestone_lines(call: Call, programme_id: str) -> list[str]:
    """Milestones of every kind from the date to four weeks on, with days to go."""
    last: date = call.today + AHEAD
    coming = [
        m for m in call.kb.milestones(programme_id) if call.today <= m.date.first_day() <= last
    ]
    if not coming:
        return ["Next 4 weeks: no milestones."]
    return ["Next 4 weeks:"] + [f" - {milestone_line(m, call, False)}" for m in coming]


def _subject_label(call: Call, programme_id: str, subject: str) -> str:
    proposal = call.kb.proposal(programme_id, subject)
    if proposal is not None:
        return proposal.label
    milestone = next((m for m in call.kb.milestones(programme_id) if m.id == subject), None)
    return f"{milestone.kind} {milestone.title}" if milestone else subject


def _change_line(call: Call, change: Change) -> str:
    label = _subject_label(call, change.programme_id, change.subject)
    said = change_words(change.field, change.old, change.new)
    return f" - {label}: {said} · {change.who} via {change.via}, {change.at[:10]}"


def _change_lines(call: Call, programme_id: str, since: datetime, end: datetime) -> list[str]:
    """Actuals, forecasts, RAG changes and milestone edits since the last digest."""
    changes = (
        call.change_log.between(programme_id, since, end) if call.change_log is not None else []
    )
    if not changes:
        return ["Changed: nothing recorded."]
    shown = [_change_line(call, c) for c in changes[:CHANGES_SHOWN]]
    more = len(changes) - len(shown)
    return [f"Changed ({len(changes)}):", *shown] + ([f" - and {more} more"] if more else [])


def _delivery_line(call: Call, programme_id: str) -> str | None:
    """BRAG counts over the proposals, and the delivery gap once anything is reported."""
    statuses: Counter[str] = Counter()
    for proposal in call.kb.proposals(programme_id):
        savings = call.kb.proposal_savings(programme_id, proposal.id)
        if savings is None:
            continue
        tracking = call.tracking
        delivered = tracking.amounts(programme_id, proposal.id, "actual") if tracking else {}
        forecast = tracking.amounts(programme_id, proposal.id, "forecast") if tracking else {}
        years = delivery_years(dict(savings.by_year), delivered, forecast)
        statuses[brag_status(years) or "not reported"] += 1
    if not statuses:
        return None
    counts = ", ".join(f"{statuses[s]} {s}" for s in (*BRAG_ORDER, "not reported") if statuses[s])
    found = delivery_gap(call.kb, call.tracking, programme_id)
    gap = f"; {delivery_gap_text(found)}" if found else "; no delivery reported yet"
    return f"Delivery: {counts}{gap}"


def _audit_line(call: Call, programme_id: str) -> str:
    findings = audit_knowledge_base(call.kb, programme_id)
    if not findings:
        return "Audit: the printed totals add up."
    mismatches = sum(1 for f in findings if f.severity == "mismatch")
    kinds = [
        f"{count} {word}"
        for count, word in (
            (mismatches, "mismatch" if mismatches == 1 else "mismatches"),
            (len(findings) - mismatches, "rounding"),
        )
        if count
    ]
    plural = "s" if len(findings) != 1 else ""
    return f"Audit: {len(findings)} finding{plural} ({', '.join(kinds)}); `check {programme_id}`"
