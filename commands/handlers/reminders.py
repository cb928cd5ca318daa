"""``reminders`` (everyone) and ``remind`` (admins): the plan and where reminders go.

The reminder system itself lives in ``scheduler/``; these handlers reach it through the
``ReminderSystem`` the bot gives the engine, and never format for Slack.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.formatting import day_text
from commands.milestone_lists import as_of_ahead, in_scope
from commands.registry import command
from commands.reminder_lines import plan_line, setup_lines
from commands.reminder_system import EVERY_PROGRAMME, ReminderSystem

LISTED = 10
SHOWN = 5  # the next five on one screen; the rest behind ``more``


def _system(call: Call) -> ReminderSystem:
    if call.reminders is None:
        raise BadInput("Reminders are not available here: start the bot with its data folder.")
    return call.reminders


def _programme(call: Call) -> str | None:
    """The one programme the text, the option or the channel's default names, if any."""
    return call.scope.single if call.scope.how in {"text", "option", "channel"} else None


@command(
    "reminders",
    summary="The next reminders the bot will post before checkpoints and gateways, and where.",
    usage="reminders [programme] [as of YYYY-MM-DD]",
    examples=("reminders", "reminders haringey-54000 as of 2014-01-01"),
    listing=listings.RECORD,
)
def reminders(call: Call) -> Answer:
    system = _system(call)
    tz = system_tz(system)
    now = call.context.now
    if now is not None and now.astimezone(tz).date() == call.today:
        after, since = now, "from now"
    else:  # "as of", --as-of or a pinned CYPS_TODAY: from the start of that day
        after = datetime.combine(call.today, time(0, 0), tzinfo=tz)
        since = f"from {day_text(call.today)}"
    upcoming = system.upcoming(call.scope.programme_ids, after, LISTED)
    setup = setup_lines(system.setup())
    if not upcoming:
        return _none_to_come(call, system, since, setup)
    lines = [plan_line(r) for r in upcoming]
    shown = lines[:SHOWN]
    return Answer(
        title=f"Next {len(shown)} of {len(upcoming)}{'+' if len(upcoming) == LISTED else ''} "
        f"reminders ({since})",
        lines=(*shown, setup[0]),
        more=(*lines[SHOWN:], *setup[1:]),
        data={"keys": [r.key for r in upcoming]},
    )


def _none_to_come(call: Call, system: ReminderSystem, since: str, setup: list[str]) -> Answer:
    """Nothing ahead: because nothing of those kinds is recorded, or because it is all past
    (the papers end in 2017), when the answer offers a date with all of it still to come."""
    kinds = system.setup().kinds
    items = in_scope(call, tuple(kinds))
    where = ", ".join(call.scope.programme_ids) if call.scope.how != "all" else "any programme"
    if not items:
        return Answer(
            title=f"No reminders: no {' or '.join(kinds)} is recorded for {where}.",
            lines=tuple(setup),
            suggestions=("milestones",),
        )
    scope = (
        f" {call.scope.single}"
        if call.scope.how in {"text", "option"} and call.scope.single
        else ""
    )
    ahead = as_of_ahead(items, len(items))
    return Answer(
        title=f"No reminders to come ({since}).",
        lead=f"Every {' and '.join(kinds)} in scope is before then, so none will be posted.",
        lines=tuple(setup[:1]),
        more=tuple(setup[1:]),
        suggestions=(f"reminders{scope} as of {ahead.isoformat()}",),
    )


def system_tz(system: ReminderSystem) -> ZoneInfo:
    return ZoneInfo(system.setup().timezone)


@command(
    "remind",
    summary="Admins: post this programme's reminders in this channel (here), stop them (off), or set its lead times.",
    usage="remind [here|off|leads 14d,7d,1d] [programme]",
    examples=("remind", "remind leads 7d,1d kent-0-25"),
    admin=True,
    writes=True,
)
def remind(call: Call) -> Answer:
    system = _system(call)
    words = [w.lower() for w in call.args]
    if not words:
        return Answer(title="Reminder settings", lines=tuple(setup_lines(system.setup())))
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
        system.set_channel(target, call.context.channel_id, call.context.user_id, call.write_time())
        return Answer(
            title=f"Reminders for {label} will be posted in this channel.",
            lines=tuple(setup_lines(system.setup())),
            suggestions=("reminders",),
            data={"programme": target, "channel": call.context.channel_id},
        )
    if action == "off" and not rest:
        cleared = system.clear_channel(target, call.context.user_id, call.write_time())
        title = (
            f"Reminders for {label} are off."
            if cleared
            else f"No reminder channel was set for {label}."
        )
        return Answer(title=title, lines=tuple(setup_lines(system.setup())))
    if action == "leads" and len(rest) == 1:
        if programme is None:
            raise BadInput(
                "Name the programme: lead times are set per programme "
                "(CYPS_REMINDER_LEADS sets the default).",
                ("remind leads 14d,7d,1d kent-0-25",),
            )
        leads = system.set_leads(programme, rest[0], call.context.user_id, call.write_time())
        return Answer(
            title=f"Reminders for {programme} now come {leads.replace(',', ', ')} before.",
            lines=tuple(setup_lines(system.setup())),
            suggestions=("reminders",),
        )
    raise BadInput(
        'Use "remind here", "remind off" or "remind leads 14d,7d,1d", with a programme if needed.',
        ("remind", "help remind"),
    )
