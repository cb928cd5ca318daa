"""``cyps reminders plan|sent|run`` and ``cyps milestone add|set``: the reminder plan, the
delivery ledger, the scheduler in the foreground, and milestone edits from the command line."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import threading
import time
from datetime import datetime
from types import FrameType

from bot.clock import system_clock
from bot.runtime import Runtime
from bot.settings import ConfigError, whole_number
from commands.errors import CypsError
from knowledge.dates import BadDate

EXIT_OK, EXIT_USAGE = 0, 2
log = logging.getLogger(__name__)


def _runtime() -> Runtime:
    """The runtime, or exit 2 with the setting's own message (never a traceback)."""
    try:
        return Runtime.start()
    except ConfigError as error:
        print(f"cyps: {error}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _moment(text: str, runtime: Runtime) -> datetime:
    """A ``--from``/``--to`` value: a date means its midnight in the board's zone."""
    from knowledge.state.milestone_edits import parse_milestone_date  # only these commands'
    from scheduler.planning import milestone_moment

    tz = runtime.reminder_config.policy.tz
    return milestone_moment(parse_milestone_date(text, tz), tz)


def _plan(args: argparse.Namespace) -> int:
    """Print the reminders planned from the knowledge base: when (ISO), lead, milestone, channel.

    From now unless --from is given. Example: cyps reminders plan --from 2014-01-01 --to 2016-01-01
    """
    runtime = _runtime()
    try:
        tz = runtime.reminder_config.policy.tz
        start = _moment(args.start, runtime) if args.start else system_clock().astimezone(tz)
        end = _moment(args.end, runtime) if args.end else None
    except BadDate as error:
        print(f"cyps: {error}", file=sys.stderr)
        return EXIT_USAGE
    programmes = (args.programme,) if args.programme else ()
    if args.programme and runtime.kb.programme(args.programme) is None:
        print(f'cyps: no programme "{args.programme}"; see `cyps ask programmes`', file=sys.stderr)
        return EXIT_USAGE
    planned = runtime.reminders.plan(start, end, programmes)
    for reminder in planned:
        milestone = reminder.milestone
        fixed = "" if reminder.day_fixed else " (day not fixed)"
        print(
            f"{reminder.due.isoformat()}  {reminder.lead.label:>4}  {milestone.programme_id}/"
            f"{milestone.id} {milestone.kind} {milestone.date.iso}{fixed}  "
            f"{reminder.channel or '(no channel)'}"
        )
    span = f"from {start.isoformat(timespec='seconds')}" + (
        f" to {end.isoformat(timespec='seconds')}" if end else ""
    )
    print(f"{len(planned)} reminder(s) planned {span}")
    return EXIT_OK


def _sent(args: argparse.Namespace) -> int:
    """Show the delivery ledger: what was sent (with its Slack ts), skipped, failed or held.

    Example: cyps reminders sent --all
    """
    runtime = _runtime()
    assert runtime.reminders.ledger is not None
    status = None if args.all else "sent"
    entries = runtime.reminders.ledger.entries(status=status, limit=args.limit)
    for entry in entries:
        detail = f"  {entry.detail}" if entry.detail else ""
        ts = f" ts {entry.ts}" if entry.ts else ""
        print(
            f"{entry.updated_at.isoformat(timespec='seconds')}  {entry.status:<8} {entry.key}  "
            f"due {entry.due.isoformat(timespec='minutes')}  {entry.channel_id or '-'}{ts}{detail}"
        )
    print(f"{len(entries)} record(s)" + ("" if args.all else " sent (--all shows every state)"))
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    """Run the reminder scheduler in the foreground until stopped (Ctrl-C or SIGTERM).

    ``cyps bot`` runs it too; use this where the bot runs elsewhere. Needs SLACK_BOT_TOKEN.
    Example: CYPS_REMINDER_CHANNEL=C0123 cyps reminders run
    """
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    runtime = _runtime()
    if not runtime.reminder_config.token:
        print("cyps: SLACK_BOT_TOKEN is not set: reminders need it to post", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    service = runtime.start_reminders()
    if service is None:
        print("cyps: CYPS_REMINDERS is off: this process posts no reminders", file=sys.stderr)
        return EXIT_USAGE
    import signal

    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(
        f"reminders running: started in {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"checking for changes every {service.poll.total_seconds():g}s",
        flush=True,
    )
    stop.wait()
    service.shutdown()
    return EXIT_OK


def _edit(runtime: Runtime, args: argparse.Namespace) -> int:
    who = f"cli:{getpass.getuser()}"
    now = system_clock()
    try:
        if args.milestone_command == "add":
            item = runtime.reminders.add_milestone(
                args.programme, args.kind, args.date, args.title, who, now, via="cli"
            )
            print(f"added {item.programme_id}/{item.id} {item.kind} on {item.date.display()}")
        else:
            before, item = runtime.reminders.move_milestone(
                args.programme, args.id, args.date, who, now, via="cli"
            )
            print(
                f"moved {item.programme_id}/{item.id} from {before.date.display()} "
                f"to {item.date.display()}"
            )
    except CypsError as error:
        print(f"cyps: {error.message}", file=sys.stderr)
        for suggestion in error.suggestions:
            print(f"  try: cyps {suggestion}", file=sys.stderr)
        return EXIT_USAGE
    planned = [
        r
        for r in runtime.reminders.plan(start=now, programme_ids=(item.programme_id,))
        if r.milestone.id == item.id
    ]
    for reminder in planned:
        print(f"  reminder {reminder.due.isoformat()} ({reminder.lead.label} before)")
    if not planned:
        print("  no reminders to come for it")
    return EXIT_OK


def _milestone_add(args: argparse.Namespace) -> int:
    """Add a milestone; it survives knowledge-base rebuilds and the running bot re-plans.

    A date alone, or a date-time (no offset means Europe/London).
    Example: cyps milestone add --programme kent-0-25 --kind gateway --date 2026-03-02T10:00 --title "Gateway review"
    """
    return _edit(_runtime(), args)


def _milestone_set(args: argparse.Namespace) -> int:
    """Give a milestone (from the papers or added) a new date; the papers stay as they are.

    Example: cyps milestone set gateway-2016-03 --programme haringey-54000 --date 2016-03-21
    """
    return _edit(_runtime(), args)


def _add(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    handler: object,
) -> argparse.ArgumentParser:
    doc = getattr(handler, "__doc__", "") or ""
    sub: argparse.ArgumentParser = commands.add_parser(
        name, help=doc.splitlines()[0], description=doc
    )
    sub.set_defaults(handler=handler)
    return sub


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    reminders = commands.add_parser("reminders", help="the reminder plan, ledger and scheduler")
    reminder_commands = reminders.add_subparsers(
        dest="reminders_command", required=True, parser_class=type(reminders)
    )
    plan = _add(reminder_commands, "plan", _plan)
    plan.add_argument("--programme", help="one programme id")
    plan.add_argument("--from", dest="start", help="YYYY-MM-DD or a date-time (default now)")
    plan.add_argument("--to", dest="end", help="YYYY-MM-DD or a date-time (default: no end)")
    sent = _add(reminder_commands, "sent", _sent)
    sent.add_argument("--all", action="store_true", help="every state, not only sent")
    sent.add_argument("--limit", type=whole_number, default=100, help="most recent N records")
    _add(reminder_commands, "run", _run)

    milestone = commands.add_parser("milestone", help="add a milestone or change its date")
    milestone_commands = milestone.add_subparsers(
        dest="milestone_command", required=True, parser_class=type(milestone)
    )
    add = _add(milestone_commands, "add", _milestone_add)
    add.add_argument("--programme", required=True, help="programme id")
    add.add_argument(
        "--kind", required=True, help="gateway, checkpoint or milestone (or decision, go-live)"
    )
    add.add_argument("--date", required=True, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    add.add_argument("--title", required=True, help="a short title")
    move = _add(milestone_commands, "set", _milestone_set)
    move.add_argument("id", help="the milestone id (see `cyps ask milestones`)")
    move.add_argument("--date", required=True, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    move.add_argument("--programme", help="programme id, when the id is in several")
