"""What the reminder commands may ask of the reminder system, as a Protocol.

``commands/`` may not import ``scheduler/`` (layers point one way), so the handlers talk to
this interface and ``bot/`` hands the engine the scheduler's implementation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from knowledge.model import Milestone

EVERY_PROGRAMME = "*"  # the reminder target for programmes without a channel of their own


@dataclass(frozen=True)
class PlannedReminder:
    """One line of the plan: when, how long before, which milestone, where, and its state."""

    due: datetime
    lead: str
    key: str
    programme_id: str
    milestone_id: str
    kind: str
    title: str
    date_text: str
    day_fixed: bool
    channel: str | None
    status: str = "planned"


@dataclass(frozen=True)
class ReminderSetup:
    """Where reminders go and how long before, as configured now."""

    channels: Mapping[str, str]
    default_channel: str | None
    leads: Mapping[str, str]
    default_leads: str
    kinds: tuple[str, ...]
    post_at: str
    timezone: str


class ReminderSystem(Protocol):
    """The reminder plan, where reminders go, and milestone edits, as the commands see them."""

    def upcoming(
        self, programme_ids: Sequence[str], after: datetime, limit: int
    ) -> list[PlannedReminder]: ...

    def setup(self) -> ReminderSetup: ...

    def set_channel(self, programme_id: str, channel_id: str, user_id: str, at: datetime) -> None:
        """``programme_id`` ``"*"`` means every programme without a channel of its own."""
        ...

    def clear_channel(self, programme_id: str, user_id: str, at: datetime) -> bool: ...

    def set_leads(self, programme_id: str, text: str, user_id: str, at: datetime) -> str: ...

    def add_milestone(
        self,
        programme_id: str,
        kind: str,
        when: str,
        title: str,
        user_id: str,
        at: datetime,
        via: str = "slack",
    ) -> Milestone: ...

    def move_milestone(
        self,
        programme_id: str | None,
        milestone_id: str,
        when: str,
        user_id: str,
        at: datetime,
        via: str = "slack",
    ) -> tuple[Milestone, Milestone]:
        """The milestone before and after its new date."""
        ...
