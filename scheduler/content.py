"""What a reminder says, worked out from the knowledge base as a plain object.

The figures are the ones a board member wants in front of them before a checkpoint or gateway:
the phase the programme is in, its savings target against what the proposals identify, and how
many arithmetic problems the audit finds in its papers, each with its source. Rendering to
Slack happens in ``bot/``; this module only decides the content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from commands.flags import audit_warning, flag_for
from commands.formatting import delivery_gap_text, flagged, money, savings_verdict
from commands.item_answers import phase_title
from knowledge.audit import audit_knowledge_base
from knowledge.delivery_gaps import delivery_gap
from knowledge.gaps import savings_gap
from knowledge.queries import KnowledgeBase
from knowledge.state.tracking import Tracking
from scheduler.planning import Reminder


@dataclass(frozen=True)
class SavingsPosition:
    """A programme's savings target and what its proposals identify against it (as ``gap``)."""

    period: str
    target: str  # with the audit's flag beside it, where it has one
    identified: str | None
    verdict: str | None
    source: str
    flagged: bool = False


@dataclass(frozen=True)
class ReminderContent:
    """Everything a reminder message says; renderers only arrange it."""

    key: str
    channel: str | None
    programme_id: str
    programme_title: str
    kind: str
    title: str
    decides: str
    lead: str
    milestone_at: datetime
    date_text: str
    day_fixed: bool
    time_fixed: bool
    days_to_go: int
    phases: tuple[str, ...]
    savings: SavingsPosition | None
    findings: int
    mismatches: int
    sources: tuple[str, ...]
    notes: tuple[str, ...]  # how we read the paper: plain notes, not warnings
    delivery: str | None = None
    warnings: tuple[str, ...] = ()  # what is wrong: a flagged figure in the reminder


def savings_position(kb: KnowledgeBase, programme_id: str) -> SavingsPosition | None:
    """The same comparison ``/cyps gap`` makes (``knowledge.gaps.savings_gap``), in words."""
    found = savings_gap(kb, programme_id)
    if found is None:
        return None
    target = found.target
    flag = flag_for(kb, programme_id, target.id)
    shown = flagged(money(target.amount.value, target.amount.unit), flag)
    if found.identified is None or found.shortfall_k is None:
        return SavingsPosition(
            target.period, shown, None, "no savings itemised against it", target.source.cite(),
            bool(flag),
        )  # fmt: skip
    identified = money(found.identified, found.unit)
    verdict = savings_verdict(found)
    return SavingsPosition(
        target.period, shown, identified, verdict, target.source.cite(), bool(flag)
    )


@dataclass(frozen=True)
class ProgrammeFigures:
    """The programme's side of a reminder: the same for every reminder of it on one day."""

    title: str
    phases: tuple[str, ...]
    savings: SavingsPosition | None
    findings: int
    mismatches: int
    delivery: str | None = None


FiguresCache = dict[tuple[str, date], ProgrammeFigures]


def delivery_text(kb: KnowledgeBase, tracking: Tracking | None, programme_id: str) -> str | None:
    """Plan against delivered or forecast so far, with each proposal's BRAG (as ``gap``)."""
    found = delivery_gap(kb, tracking, programme_id)
    return delivery_gap_text(found) if found else None


def programme_figures(
    kb: KnowledgeBase, programme_id: str, today: date, tracking: Tracking | None = None
) -> ProgrammeFigures:
    programme = kb.programme(programme_id)
    findings = audit_knowledge_base(kb, programme_id)
    return ProgrammeFigures(
        title=programme.title if programme else programme_id,
        phases=tuple(phase_title(p) for p in kb.phases_on(programme_id, today)),
        savings=savings_position(kb, programme_id),
        findings=len(findings),
        mismatches=sum(1 for f in findings if f.severity == "mismatch"),
        delivery=delivery_text(kb, tracking, programme_id),
    )


def build_content(
    kb: KnowledgeBase,
    reminder: Reminder,
    now: datetime,
    cache: FiguresCache | None = None,
    tracking: Tracking | None = None,
) -> ReminderContent:
    """The reminder's content as of ``now`` (days to go are counted on the day it is posted).

    ``cache`` shares the programme's figures between the reminders of one sweep, since the
    audit and the savings arithmetic are most of the cost of a reminder.
    """
    milestone = reminder.milestone
    pid = milestone.programme_id
    today = now.astimezone(reminder.milestone_at.tzinfo).date()
    cache = {} if cache is None else cache
    figures = cache.get((pid, today))
    if figures is None:
        figures = cache[(pid, today)] = programme_figures(kb, pid, today, tracking)
    sources = [milestone.source.cite()]
    if figures.savings:
        sources.append(figures.savings.source)
    notes = [milestone.source.note] if milestone.source.note else []
    return ReminderContent(
        key=reminder.key,
        channel=reminder.channel,
        programme_id=pid,
        programme_title=figures.title,
        kind=milestone.kind,
        title=milestone.title,
        decides=milestone.decides,
        lead=reminder.lead.describe(),
        milestone_at=reminder.milestone_at,
        date_text=milestone.date.display(),
        day_fixed=milestone.date.exact_day,
        time_fixed=milestone.date.precision == "minute",
        days_to_go=(milestone.date.first_day() - today).days,
        phases=figures.phases,
        savings=figures.savings,
        findings=figures.findings,
        mismatches=figures.mismatches,
        sources=tuple(dict.fromkeys(sources)),
        notes=tuple(notes),
        delivery=figures.delivery,
        warnings=(audit_warning([pid]),) if figures.savings and figures.savings.flagged else (),
    )
