"""How a planned reminder and the reminder settings read, for ``reminders``, ``remind`` and
the milestone edits that echo the reminders an edit now gets."""

from __future__ import annotations

from commands.reminder_system import EVERY_PROGRAMME, PlannedReminder, ReminderSetup


def _when(item: PlannedReminder) -> str:
    return f"{item.due:%a} {item.due.day} {item.due:%b %Y %H:%M}"


def plan_line(item: PlannedReminder) -> str:
    """ "Mon 18 Aug 2014 09:00 · 14 days before Checkpoint (September 2014), day not fixed yet
    [haringey-54000] · channel C0BOARD" """
    kind = "" if item.kind.lower() in item.title.lower() else f"{item.kind} "
    fixed = ", day not fixed yet" if not item.day_fixed else ""
    where = f" · channel {item.channel}" if item.channel else ""
    state = "" if item.status == "planned" else f" [{item.status}]"
    return (
        f"{_when(item)} · {item.lead} before {kind}{item.title}{fixed} "
        f"[{item.programme_id}]{where}{state}"
    )


def setup_lines(setup: ReminderSetup) -> list[str]:
    """Where reminders go, then when: two lines."""
    channels = [
        f"{'every programme' if p == EVERY_PROGRAMME else p}: channel {c}"
        for p, c in sorted(setup.channels.items())
    ]
    where = (
        "; ".join(channels)
        if channels
        else "no channel chosen yet (an admin types `remind here` in the channel)"
    )
    if setup.default_channel:
        where += f"; otherwise channel {setup.default_channel}"
    own = "".join(f"; {p}: {leads}" for p, leads in sorted(setup.leads.items()))
    return [
        f"Posted to: {where}",
        f"Sent {setup.default_leads} before each {' and '.join(setup.kinds)}, at "
        f"{setup.post_at} {setup.timezone}{own} (a lead under a day counts from the "
        "milestone's own time)",
    ]
