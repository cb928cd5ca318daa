"""``milestone add|set`` (admins): add a milestone or give one a new date; alone, the list.

Edits go through the ``ReminderSystem`` the bot gives the engine, so Slack and the command line
change the same rows, and the reminder plan follows at once.
"""

from __future__ import annotations

import re
from datetime import datetime

from commands.answer import Answer
from commands.call import Call
from commands.citing import cite
from commands.errors import BadInput, Forbidden
from commands.milestone_lists import all_milestones
from commands.registry import ADMINS, command
from commands.reminder_lines import plan_line
from commands.reminder_system import ReminderSystem
from knowledge.model import Milestone

_OPTION = re.compile(r"^-{1,2}(kind|date|title|programme|program|p)(?:=(.*))?$", re.IGNORECASE)


def _system(call: Call) -> ReminderSystem:
    if call.reminders is None:
        raise BadInput("Reminders are not available here: start the bot with its data folder.")
    return call.reminders


def parse_options(words: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Positional words and ``--name value`` options; a value runs until the next option."""
    positional: list[str] = []
    options: dict[str, list[str]] = {}
    current: list[str] | None = None
    for word in words:
        match = _OPTION.match(word)
        if match:
            name = {"program": "programme", "p": "programme"}.get(
                match[1].lower(), match[1].lower()
            )
            current = options.setdefault(name, [])
            if match[2]:
                current.append(match[2])
            continue
        (current if current is not None else positional).append(word)
    return positional, {k: " ".join(v).strip().strip("\"'") for k, v in options.items()}


@command(
    "milestone",
    summary="Admins: add a milestone, or give one a new date; alone, lists the milestones.",
    usage="milestone add --programme ID --kind gateway|checkpoint|milestone --date YYYY-MM-DD[THH:MM] --title TEXT | milestone set ID --date YYYY-MM-DD[THH:MM]",
    examples=(
        "milestone add --programme kent-0-25 --kind gateway --date 2015-03-02T10:00 --title Implementation gateway",
        "milestone set checkpoint-2014-09 --date 2014-09-22",
    ),
    writes=True,
    brief="milestone add|set",
    listing=ADMINS,
)
def milestone(call: Call) -> Answer:
    action = call.request.args[0].lower() if call.request.args else ""
    if action not in {"add", "set"}:
        return all_milestones(call)
    if not call.context.is_admin:
        raise Forbidden(
            f"Only the board's admins can use `milestone {action}`; ask one of them to record it.",
            ("milestones",),
        )
    system = _system(call)
    positional, options = parse_options(call.request.args[1:])
    # Words of the title must not pick the programme: only the option, or for a new milestone
    # the channel's default, does.
    programme = options.get("programme") or (
        call.scope.single if call.request.programme_flag else None
    )
    if action == "add" and programme is None and call.scope.how == "channel":
        programme = call.scope.single
    when = options.get("date", "")
    if not when:
        raise BadInput("Give the date with --date, e.g. --date 2026-03-02 or 2026-03-02T10:00.")
    now = call.write_time()
    if action == "add":
        if positional:
            raise BadInput(
                f'I did not understand "{" ".join(positional)}": put the title after --title.',
                ("help milestone",),
            )
        if not programme:
            raise BadInput("Say which programme with --programme ID.", ("programmes",))
        added = system.add_milestone(
            programme,
            options.get("kind", "milestone"),
            when,
            options.get("title", ""),
            call.context.user_id,
            now,
            via=call.context.via,
        )
        return _edited(system, f"Added {added.kind} {added.title}", added, now)
    if len(positional) != 1:
        raise BadInput(
            "Usage: milestone set ID --date YYYY-MM-DD (ids are listed by `milestones`).",
            ("milestones",),
        )
    before, after = system.move_milestone(
        programme, positional[0], when, call.context.user_id, now, via=call.context.via
    )
    return _edited(
        system,
        f"Moved {after.title} from {before.date.display()} to {after.date.display()}",
        after,
        now,
    )


def _edited(system: ReminderSystem, heading: str, item: Milestone, now: datetime) -> Answer:
    """The edit echoed back with the reminders it now gets, so a typo in the date shows."""
    planned = [
        r for r in system.upcoming((item.programme_id,), now, 200) if r.milestone_id == item.id
    ]
    lines = [f"Id: {item.id} ({item.programme_id}); date {item.date.display()}"]
    if planned:
        lines.extend(f"Reminder: {plan_line(r)}" for r in planned)
    elif item.kind in system.setup().kinds:
        lines.append("No reminders: the date leaves no lead time still to come.")
    else:
        lines.append(
            f"Reminders are not posted for {item.kind}s (CYPS_REMINDER_KINDS: "
            f"{', '.join(system.setup().kinds)})."
        )
    short, details = cite([item.source])
    return Answer(
        title=f"{heading} ({item.programme_id}).",
        lines=tuple(lines),
        sources=short,
        details=details,
        suggestions=("reminders", f"milestones {item.programme_id}"),
        data={"programme": item.programme_id, "milestone": item.id, "date": item.date.iso},
    )
