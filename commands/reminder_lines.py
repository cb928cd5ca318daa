"""How a planned reminder and the reminder settings read, for ``reminders``, ``remind`` and
the milestone edits that echo the reminders an edit now gets."""

from __future__ import annotations

from commands.reminder_system import EVERY_PROGRAMME, PlannedReminder, ReminderSetup


def _when(item: PlannedReminder) -> str:
    return f"{item.due:%a} {item.due.day} {item.due:%b %Y %H:%M}"


def plan_line(item: PlannedReminder) -> str:
    where = f"channel {item.channel}" if item.channel else "no channel set"
    state = "" if item.status == "planned" else f" [{item.status}]"
    fixed = "" if item.day_fixed else ", day not fixed yet"
    return (
        f"{_when(item)} - {item.lead} before {item.kind} {item.title} "
        f"({item.date_text}{fixed}) [{item.programme_id}] - {where}{state}"
    )


def setup_lines(setup: ReminderSetup) -> list[str]:
    channels = [
        f"{'every programme' if p == EVERY_PROGRAMME else p}: channel {c}"
        for p, c in sorted(setup.channels.items())
    ]
    lines = [
        "Posted to: "
        + (
            "; ".join(channels)
            if channels
            else "no channel chosen yet (an admin types `remind here` in the channel)"
        )
        + (f"; otherwise channel {setup.default_channel}" if setup.default_channel else ""),
        f"Lead times: {setup.default_leads}"
        + "".join(f"; {p}: {leads}" for p, leads in sorted(setup.leads.items())),
        f"For: {', '.join(setup.kinds)}; posted at {setup.post_at} {setup.timezone}"
        " (leads under a day count from the milestone's own time)",
    ]
    return lines
