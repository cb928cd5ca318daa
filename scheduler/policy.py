"""What the reminders are planned from: lead times and the policy they make up, read from text.

Apart from the planner (``scheduler.planning``) so that checking the reminder settings, which
every start does, needs neither the planner nor its records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from knowledge.dates import LONDON

DAY = 86_400
UNITS = {"s": 1, "m": 60, "h": 3_600, "d": DAY}
UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}
DEFAULT_KINDS = frozenset({"checkpoint", "gateway"})
_DURATION = re.compile(r"^\s*([0-9]+)\s*([smhd])\s*$", re.IGNORECASE)

MAX_LEAD_DAYS = 366


class BadLeads(ValueError):
    """Lead times or durations that cannot be read; the message shows the expected form."""


@dataclass(frozen=True, order=True)
class Lead:
    """How long before a milestone to remind: whole seconds, written like ``14d`` or ``90m``."""

    seconds: int

    @classmethod
    def parse(cls, text: str) -> Lead:
        match = _DURATION.match(text)
        if not match or int(match[1]) == 0:
            raise BadLeads(
                f'"{text.strip()}" is not a lead time: write a number and a unit (d, h, m), e.g. 14d'
            )
        seconds = int(match[1]) * UNITS[match[2].lower()]
        if seconds > MAX_LEAD_DAYS * UNITS["d"]:
            raise BadLeads(f'"{text.strip()}" is too long a lead: at most {MAX_LEAD_DAYS}d')
        return cls(seconds)

    # Worked out once per lead: a full plan asks for them once per reminder.
    @cached_property
    def unit(self) -> str:
        return next(u for u in ("d", "h", "m", "s") if self.seconds % UNITS[u] == 0)

    @cached_property
    def label(self) -> str:
        """The canonical short form (``24h`` becomes ``1d``), used in reminder keys."""
        return f"{self.seconds // UNITS[self.unit]}{self.unit}"

    def describe(self) -> str:
        count = self.seconds // UNITS[self.unit]
        return f"{count} {UNIT_WORDS[self.unit]}{'s' if count != 1 else ''}"

    @cached_property
    def delta(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    @property
    def within_a_day(self) -> bool:
        """A lead shorter than a day counts from the milestone's own time, not 09:00."""
        return self.seconds < DAY


def parse_leads(text: str) -> tuple[Lead, ...]:
    """``"14d,7d,1d"`` to leads, longest first, duplicates dropped."""
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    if not parts:
        raise BadLeads("Give at least one lead time, e.g. 14d,7d,1d")
    return tuple(sorted({Lead.parse(p) for p in parts}, reverse=True))


def parse_duration(text: str) -> timedelta:
    return Lead.parse(text).delta


DEFAULT_LEADS = parse_leads("14d,7d,1d")


@dataclass(frozen=True)
class ReminderPolicy:
    """Which milestones get reminders, how long before, and at what local time."""

    leads: tuple[Lead, ...] = DEFAULT_LEADS
    post_at: time = time(9, 0)
    tz: ZoneInfo = LONDON
    kinds: frozenset[str] = DEFAULT_KINDS
    programme_leads: Mapping[str, tuple[Lead, ...]] = field(default_factory=dict)
    default_channel: str | None = None

    def leads_for(self, programme_id: str) -> tuple[Lead, ...]:
        return self.programme_leads.get(programme_id, self.leads)
