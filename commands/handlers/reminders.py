"""``reminders`` (everyone), ``remind`` and ``milestone add|set`` (admins).

The reminder system itself lives in ``scheduler/``; these handlers reach it through the
``ReminderDesk`` the bot gives the engine, and never format for Slack.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput, Forbidden
from commands.handlers import schedule
from commands.registry import command
from commands.reminder_desk import EVERY_PROGRAMME, PlannedReminder, ReminderDesk, ReminderSetup
from knowledge.model import Milestone

LISTED = 10
_OPTION = re.compile(r"^-{1,2}(kind|date|title|programme|program|p)(?:=(.*))?$", re.IGNORECASE)


def _desk(call: Call) -> ReminderDesk:
    if call.reminders is None:
        raise BadInput("Reminders are not available here: start the bot with its data folder.")
    return call.reminders


def _programme(call: Call) -> str | None:
    """The one programme the text, the option or the channel's default names, if any."""
    return call.scope.single if call.scope.how in {"text", "option", "channel"} else None


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


@command(
    "reminders",
    summary="The next reminders the bot will post before checkpoints and gateways, and where.",
    usage="reminders [programme] [as of YYYY-MM-DD]",
    examples=("reminders", "reminders haringey-54000 as of 2014-01-01"),
)
def reminders(call: Call) -> Answer:
    desk = _desk(call)
    tz = desk_tz(desk)
    now = call.context.now
    if now is not None and now.astimezone(tz).date() == call.today:
        after, since = now, "from now"
    else:  # "as of", --as-of or a pinned CYPS_TODAY: from the start of that day
        after = datetime.combine(call.today, time(0, 0), tzinfo=tz)
        since = f"from {call.today.isoformat()}"
    upcoming = desk.upcoming(call.scope.programme_ids, after, LISTED)
    setup = setup_lines(desk.setup())
    if not upcoming:
        return Answer(
            title=f"No reminders to come ({since}).",
            lines=(
                "Every checkpoint and gateway in scope is before that date, so nothing will be posted.",
                *setup,
            ),
            suggestions=("reminders as of 2014-01-01", "gateway list"),
        )
    return Answer(
        title=f"Next {len(upcoming)} reminder{'s' if len(upcoming) != 1 else ''} ({since})",
        lines=(*(plan_line(r) for r in upcoming), *setup),
        data={"keys": [r.key for r in upcoming]},
    )


def desk_tz(desk: ReminderDesk) -> ZoneInfo:
    return ZoneInfo(desk.setup().timezone)


@command(
    "remind",
    summary="Admins: post this programme's reminders in this channel (here), stop them (off), or set its lead times.",
    usage="remind [here|off|leads 14d,7d,1d] [programme]",
    examples=("remind", "remind leads 7d,1d kent-0-25"),
    admin=True,
    writes=True,
)
def remind(call: Call) -> Answer:
    desk = _desk(call)
    words = [w.lower() for w in call.args]
    if not words:
        return Answer(title="Reminder settings", lines=tuple(setup_lines(desk.setup())))
    action, rest = words[0], words[1:]
    programme = _programme(call)
    target = programme or EVERY_PROGRAMME
    label = programme or "every programme without a channel of its own"
    if action == "here" and not rest:
        if call.context.via != "slack":
            raise BadInput(
                "Type `/cyps remind here` in the Slack channel that should get the reminders; "
                "outside Slack, set CYPS_REMINDER_CHANNEL."
            )
        desk.set_channel(target, call.context.channel_id, call.context.user_id, call.write_time())
        return Answer(
            title=f"Reminders for {label} will be posted in this channel.",
            lines=tuple(setup_lines(desk.setup())),
            suggestions=("reminders",),
            data={"programme": target, "channel": call.context.channel_id},
        )
    if action == "off" and not rest:
        cleared = desk.clear_channel(target, call.context.user_id, call.write_time())
        title = (
            f"Reminders for {label} are off."
            if cleared
            else f"No reminder channel was set for {label}."
        )
        return Answer(title=title, lines=tuple(setup_lines(desk.setup())))
    if action == "leads" and len(rest) == 1:
        if programme is None:
            raise BadInput(
                "Name the programme: lead times are set per programme "
                "(CYPS_REMINDER_LEADS sets the default).",
                ("remind leads 14d,7d,1d kent-0-25",),
            )
        leads = desk.set_leads(programme, rest[0], call.context.user_id, call.write_time())
        return Answer(
            title=f"Reminders for {programme} now come {leads.replace(',', ', ')} before.",
            lines=tuple(setup_lines(desk.setup())),
            suggestions=("reminders",),
        )
    raise BadInput(
        'Use "remind here", "remind off" or "remind leads 14d,7d,1d", with a programme if needed.',
        ("remind", "help remind"),
    )


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
)
def milestone(call: Call) -> Answer:
    action = call.request.args[0].lower() if call.request.args else ""
    if action not in {"add", "set"}:
        return schedule.milestones(call)
    if not call.context.is_admin:
        raise Forbidden(
            f"Only the board's admins can use `milestone {action}`; ask one of them to record it.",
            ("milestones",),
        )
    desk = _desk(call)
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
        added = desk.add_milestone(
            programme,
            options.get("kind", "milestone"),
            when,
            options.get("title", ""),
            call.context.user_id,
            now,
            via=call.context.via,
        )
        return _edited(desk, f"Added {added.kind} {added.title}", added, now)
    if len(positional) != 1:
        raise BadInput(
            "Usage: milestone set ID --date YYYY-MM-DD (ids are listed by `milestones`).",
            ("milestones",),
        )
    before, after = desk.move_milestone(
        programme, positional[0], when, call.context.user_id, now, via=call.context.via
    )
    return _edited(
        desk,
        f"Moved {after.title} from {before.date.display()} to {after.date.display()}",
        after,
        now,
    )


def _edited(desk: ReminderDesk, heading: str, item: Milestone, now: datetime) -> Answer:
    """The edit echoed back with the reminders it now gets, so a typo in the date shows."""
    planned = [
        r for r in desk.upcoming((item.programme_id,), now, 200) if r.milestone_id == item.id
    ]
    lines = [f"Id: {item.id} ({item.programme_id}); date {item.date.display()}"]
    if planned:
        lines.extend(f"Reminder: {plan_line(r)}" for r in planned)
    elif item.kind in desk.setup().kinds:
        lines.append("No reminders: the date leaves no lead time still to come.")
    else:
        lines.append(
            f"Reminders are not posted for {item.kind}s (CYPS_REMINDER_KINDS: "
            f"{', '.join(desk.setup().kinds)})."
        )
    return Answer(
        title=f"{heading} ({item.programme_id}).",
        lines=tuple(lines),
        sources=(item.source.cite(),),
        suggestions=("reminders", f"milestones {item.programme_id}"),
        data={"programme": item.programme_id, "milestone": item.id, "date": item.date.iso},
    )
