"""The ``cyps`` command line: build and check the knowledge base, ask questions, run the bot."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bot import cli_charts, cli_papers, cli_reminders, cli_tracking
from bot.cli_subcommands import Formatter, OnlyWanted, wanted_command
from bot.clock import now_in_london
from bot.render_text import print_answer
from bot.runtime import Runtime, read_environment
from bot.settings import ConfigError, Paths, whole_number
from commands.call import Context
from commands.errors import CypsError
from commands.parsing import MAX_LENGTH, parse_day
from knowledge.state.connection import StateBusy

if TYPE_CHECKING:
    from bot.slack.config import SlackConfig

EXIT_OK, EXIT_USAGE = 0, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 and never a traceback."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"cyps: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _kb_build(args: argparse.Namespace) -> int:
    """Build the SQLite knowledge base from the programme files (atomically).

    Example: cyps kb build --db /tmp/knowledge.db
    """
    from knowledge.build import build_knowledge_base  # each command imports what it uses
    from knowledge.source_files import SourceError

    target = Path(args.db) if args.db else Paths.from_env().db
    started = time.perf_counter()
    try:
        build_knowledge_base(
            target, Path(args.sources) if args.sources else Paths.from_env().sources
        )
    except SourceError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"build failed: {len(error.problems)} problem(s); {target} was left as it was",
            file=sys.stderr,
        )
        return EXIT_USAGE
    elapsed = (time.perf_counter() - started) * 1000
    print(f"built {target} in {elapsed:.0f} ms")
    return EXIT_OK


def _kb_check(args: argparse.Namespace) -> int:
    """Validate the programme files; list every problem with file, place and reason. Also
    warns (without failing) where a source cites a paragraph the added paper lacks.

    Example: cyps kb check
    """
    from knowledge.source_files import SourceError, load_sources

    paths = Paths.from_env()
    try:
        sources = load_sources(Path(args.sources) if args.sources else paths.sources)
    except SourceError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s) found")
        return EXIT_USAGE
    warnings = cli_papers.citation_warnings(sources, paths)
    for warning in warnings:
        print(f"warning: {warning}")
    also = f"; {len(warnings)} warning(s)" if warnings else ""
    print(f"ok: {len(sources)} programme file(s), no problems{also}")
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    """Ask the bot a question, exactly as /cyps would answer it.

    Example: cyps ask --as-of 2014-10-01 gateway next
    """
    text = " ".join(args.text)
    if len(text) > MAX_LENGTH:
        print(
            f"cyps: the question is {len(text):,} characters; keep it under {MAX_LENGTH:,}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        runtime = Runtime.start()
        today = parse_day(args.as_of) if args.as_of else runtime.today()
    except (ConfigError, CypsError) as error:
        print(f"cyps: {getattr(error, 'message', error)}", file=sys.stderr)
        return EXIT_USAGE
    context = Context(
        today=today,
        channel_id="cli",
        user_id=getpass.getuser(),
        programme=args.programme,
        is_admin=True,  # whoever runs the CLI can edit the data files anyway
        now=now_in_london(),
        via="cli",
    )
    answer = runtime.engine.answer(text, context)
    if args.json:  # exactly the message /cyps would send back to Slack, buttons and all
        from bot.slack import button_values
        from bot.slack.messages import answer_message
        from knowledge.state.signing_keys import SigningKeys

        key = SigningKeys(runtime.state).key(button_values.KEY_NAME)
        message = answer_message(answer, text, today, runtime.engine.registry, key)
        print(json.dumps(message, indent=2, ensure_ascii=False))
    else:
        print_answer(answer, cli_charts.chart_folder(runtime), asked=text)
    return EXIT_OK if answer.ok else EXIT_USAGE


def _bot(args: argparse.Namespace) -> int:
    """Run the bot: Slack when its tokens are set, otherwise the local shell.

    Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; --http serves Slack's Events API
    on /slack/events and needs SLACK_SIGNING_SECRET. A .env file in the current folder fills
    in variables the environment leaves unset.

    Example: cyps bot --http --port 3000
    """
    from bot.slack.config import slack_config

    try:
        env = read_environment()
        config = slack_config(env, shell=args.shell, http=args.http, host=args.host, port=args.port)
        runtime = Runtime.start(env)
    except ConfigError as error:
        print(f"cyps: {error}", file=sys.stderr)
        return EXIT_USAGE
    watcher = runtime.follow_rebuilds()  # follows `cyps kb build`
    try:
        return _serve_bot(args, config, runtime)
    finally:
        watcher.stop()


def _serve_bot(args: argparse.Namespace, config: SlackConfig, runtime: Runtime) -> int:
    """The local shell, or Slack with the reminder scheduler beside it, until stopped."""
    if config.mode == "shell":
        from bot.shell import run_shell

        if not args.shell:
            print(f"{config.reason}: starting the local shell instead of Slack.")
        return run_shell(
            runtime.engine, runtime.today, chart_folder=cli_charts.chart_folder(runtime)
        )

    from bot.slack.serve import build_app, configure_logging, serve

    configure_logging()
    try:
        app = build_app(config, runtime)
    except ConfigError as error:
        print(f"cyps: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        reminders = runtime.start_reminders()  # the one process that posts them
    except KeyboardInterrupt:  # stopped while starting: a stop, as serve treats one
        return EXIT_OK
    try:
        return serve(config, app)
    finally:
        if reminders is not None:
            reminders.shutdown()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: only the subcommand it names when it names one (argparse
    builds every subcommand it is given, a cost each run would pay), otherwise all of them,
    so help and errors list every subcommand. With no ``argv``, all of them."""
    wanted = wanted_command(list(argv)) if argv is not None else None
    parser, offered = _parser(wanted)
    if wanted is not None and wanted not in offered:
        parser, _ = _parser(None)
    return parser


def _parser(wanted: str | None) -> tuple[argparse.ArgumentParser, list[str]]:
    parser = _Parser(
        prog="cyps", description="Answers a programme board's questions from its papers."
    )
    commands = cast(
        OnlyWanted,
        parser.add_subparsers(
            dest="command", required=True, parser_class=_Parser, action=OnlyWanted
        ),
    )
    commands.wanted = wanted

    kb = commands.add_parser("kb", help="build or check the knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, parser_class=_Parser)
    for name, handler in (("build", _kb_build), ("check", _kb_check)):
        sub = kb_commands.add_parser(
            name, help=(handler.__doc__ or "").splitlines()[0], description=handler.__doc__
        )
        sub.add_argument(
            "--sources",
            help="folder of programme files (default: $CYPS_SOURCES or the built-in ones)",
        )
        if name == "build":
            sub.add_argument(
                "--db", help="database file (default: $CYPS_DB or $CYPS_HOME/knowledge.db)"
            )
        sub.set_defaults(handler=handler)

    ask = commands.add_parser(
        "ask", help=(_ask.__doc__ or "").splitlines()[0], description=_ask.__doc__
    )
    ask.add_argument("--as-of", help="the date to answer for (YYYY-MM-DD); default today in London")
    ask.add_argument("--programme", help="programme id to scope the question to")
    ask.add_argument(
        "--json", action="store_true", help="print the Slack message /cyps would send, exactly"
    )
    ask.add_argument("text", nargs="+", help="the question, as after /cyps")
    ask.set_defaults(handler=_ask)

    bot = commands.add_parser(
        "bot", help=(_bot.__doc__ or "").splitlines()[0], description=_bot.__doc__
    )
    bot.add_argument("--shell", action="store_true", help="run the local terminal channel")
    bot.add_argument(
        "--http", action="store_true", help="serve Slack's Events API instead of Socket Mode"
    )
    bot.add_argument("--host", help="address to listen on with --http (default 0.0.0.0)")
    bot.add_argument("--port", type=whole_number, help="port for --http (default $PORT or 3000)")
    bot.set_defaults(handler=_bot)
    cli_tracking.register(commands)
    cli_reminders.register(commands)
    cli_charts.register(commands)
    cli_papers.register(commands)
    return parser, commands.offered


def _log_to_file() -> None:
    """Command-line runs log to $CYPS_HOME/cyps.log, so an unexpected error is recorded in full
    there while the user sees only the polite answer with its reference id."""
    home = Paths.from_env().home
    try:
        home.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(
            filename=home / "cyps.log",
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    except OSError:
        logging.basicConfig(level=logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
    if args.command != "bot":
        _log_to_file()
    try:
        return int(args.handler(args))
    except (ConfigError, StateBusy) as error:
        print(f"cyps: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
