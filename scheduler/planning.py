"""The pure planner: milestones times lead times give reminders, each with a stable key.

No clock and no I/O: the same milestones and policy always give the same plan, which is what lets
two processes, or one process before and after a restart, agree on what "this reminder" is.

Times are worked out as wall times in the board's zone and only then given their offset, so a
"7 days before at 09:00" reminder stays at 09:00 across the change between GMT and BST.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from knowledge.dates import PaperDate
from knowledge.model import Milestone
from scheduler.policy import (
    DAY,
    DEFAULT_KINDS,
    DEFAULT_LEADS,
    BadLeads,
    Lead,
    ReminderPolicy,
    parse_duration,
    parse_leads,
)

# What plans are made from lives in scheduler.policy; named here too, where the planner's
# callers have always found them.
__all__ = [
    "DAY",
    "DEFAULT_KINDS",
    "DEFAULT_LEADS",
    "BadLeads",
    "Lead",
    "Reminder",
    "ReminderPolicy",
    "channel_for",
    "due_at",
    "milestone_moment",
    "parse_duration",
    "parse_leads",
    "plan_reminders",
    "reminder_key",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    """One reminder: a milestone, a lead time, when to post it and where."""

    key: str
    milestone: Milestone
    lead: Lead
    due: datetime
    milestone_at: datetime
    channel: str | None

    @property
    def programme_id(self) -> str:
        return self.milestone.programme_id

    @property
    def day_fixed(self) -> bool:
        """False for a month- or year-only date, which counts from its first day."""
        return self.milestone.date.exact_day

    # What the delivery ledger records of any posting (``scheduler.ledger.Deliverable``).
    @property
    def subject(self) -> str:
        return self.milestone.id

    @property
    def label(self) -> str:
        return self.lead.label

    @property
    def expires(self) -> datetime:
        """Once the milestone has come, its reminder has nothing left to say."""
        return self.milestone_at


def reminder_key(milestone: Milestone, lead: Lead) -> str:
    """Programme, milestone and lead, plus the date: a re-dated milestone gets fresh reminders.

    The key is also what the poster embeds in the message, to find it again after a crash.
    """
    return f"{milestone.programme_id}/{milestone.id}/{lead.label}@{milestone.date.iso}"


def milestone_moment(when: PaperDate, tz: ZoneInfo) -> datetime:
    """The earliest moment the date can mean, as a wall time in ``tz`` (the 1st for a month)."""
    if when.precision == "minute":
        naive = datetime.fromisoformat(when.iso)
    else:
        naive = datetime.combine(when.first_day(), time(0, 0))
    return _localise(naive, tz)


def _localise(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz``; a wall time skipped by the spring change moves forward to a real one."""
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def due_at(moment: datetime, lead: Lead, policy: ReminderPolicy) -> datetime:
    """Leads of a day or more post at the posting time on the day; shorter ones count from the
    milestone's own time, in elapsed time."""
    if lead.within_a_day:
        return (moment.astimezone(UTC) - lead.delta).astimezone(policy.tz)
    day = (moment.replace(tzinfo=None) - lead.delta).date()
    return _localise(datetime.combine(day, policy.post_at), policy.tz)


def channel_for(
    programme_id: str, policy: ReminderPolicy, channels: Mapping[str, str]
) -> str | None:
    """The programme's own channel, else the one for every programme (``"*"``), else the
    policy's default."""
    return channels.get(programme_id) or channels.get("*") or policy.default_channel


def plan_reminders(
    milestones: Iterable[Milestone],
    policy: ReminderPolicy,
    channels: Mapping[str, str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Reminder]:
    """Every reminder for the chosen kinds due in ``[start, end)``, soonest first.

    ``channels`` maps a programme to its channel (``"*"`` for every programme); the policy's
    default channel covers the rest. A reminder with no channel is still planned, so the plan
    can show it, but delivery has nowhere to post it.
    """
    channels = channels or {}
    planned = []
    for milestone in milestones:
        if milestone.kind not in policy.kinds:
            continue
        try:
            moment = milestone_moment(milestone.date, policy.tz)
        except (OverflowError, ValueError):
            log.warning("cannot plan reminders for %s/%s", milestone.programme_id, milestone.id)
            continue
        channel = channel_for(milestone.programme_id, policy, channels)
        for lead in policy.leads_for(milestone.programme_id):
            try:
                due = due_at(moment, lead, policy)
            except (OverflowError, ValueError):
                # One impossible date must not stop every other programme's reminders.
                log.warning(
                    "cannot plan %s before %s/%s", lead.label, milestone.programme_id, milestone.id
                )
                continue
            if (start is not None and due < start) or (end is not None and due >= end):
                continue
            planned.append(
                Reminder(reminder_key(milestone, lead), milestone, lead, due, moment, channel)
            )
    return sorted(planned, key=lambda r: (r.due, r.key))
