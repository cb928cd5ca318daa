"""``cyps chart`` and ``cyps digest``: the same answers as ``/cyps chart`` and ``/cyps digest``
on the command line, with each chart written as a PNG and its path printed."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.clock import now_in_london
from bot.render_text import print_answer
from bot.runtime import Runtime
from bot.settings import ConfigError
from commands.answer import Answer
from commands.call import Context
from commands.errors import CypsError
from commands.parsing import parse_day

EXIT_OK, EXIT_USAGE = 0, 2


def chart_folder(runtime: Runtime) -> Path:
    """Where charts asked for without ``--out`` are written: ``$CYPS_HOME/charts``."""
    return runtime.paths.home / "charts"


def _start() -> Runtime:
    try:
        return Runtime.start()
    except ConfigError as error:
        print(f"cyps: {error}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _answer(runtime: Runtime, text: str, args: argparse.Namespace) -> Answer | None:
    try:
        today = parse_day(args.as_of) if args.as_of else runtime.today()
    except CypsError as error:
        print(f"cyps: {error.message}", file=sys.stderr)
        return None
    context = Context(
        today=today,
        channel_id="cli",
        user_id=getpass.getuser(),
        programme=args.programme,
        is_admin=True,
        now=now_in_london(),
        via="cli",
    )
    return runtime.engine.answer(text, context)


def _chart(args: argparse.Namespace) -> int:
    """Draw a chart and print its figures: savings, gap, roi or milestones.

    Example: cyps chart savings 1.6 --out savings-1.6.png
    """
    runtime = _start()
    answer = _answer(runtime, " ".join(["chart", *args.what]), args)
    if answer is None:
        return EXIT_USAGE
    print_answer(answer, chart_folder(runtime), Path(args.out) if args.out else None)
    return EXIT_OK if answer.ok else EXIT_USAGE


def _digest(args: argparse.Namespace) -> int:
    """Print the board digest: the next 4 weeks' milestones, what changed, delivery, audit.

    Example: cyps digest --programme haringey-54000 --as-of 2015-02-20
    """
    runtime = _start()
    text = "digest" + (f" since {args.since}" if args.since else "")
    answer = _answer(runtime, text, args)
    if answer is None:
        return EXIT_USAGE
    print_answer(answer, chart_folder(runtime), Path(args.out) if args.out else None)
    return EXIT_OK if answer.ok else EXIT_USAGE


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, handler in (("chart", _chart), ("digest", _digest)):
        doc = handler.__doc__ or ""
        sub = commands.add_parser(name, help=doc.splitlines()[0], description=doc)
        sub.add_argument("--as-of", help="the date to answer for (YYYY-MM-DD); default today")
        sub.add_argument("--programme", help="programme id")
        sub.add_argument("--out", help="write the (first) chart to this PNG file")
        sub.set_defaults(handler=handler)
        if name == "chart":
            sub.add_argument(
                "what", nargs="+", help="savings|gap|roi|milestones, then a programme or ref"
            )
        else:
            sub.add_argument(
                "--since", help="changes since this date (default: since the last digest)"
            )
