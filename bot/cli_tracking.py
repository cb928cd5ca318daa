"""``cyps export``, ``cyps import`` and ``cyps backup``: tracking data in and out."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from bot.clock import now_in_london
from bot.runtime import Runtime

EXIT_OK, EXIT_USAGE = 0, 2


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text with a quote."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


def _export(args: argparse.Namespace) -> int:
    """Write tracking data as CSV files a spreadsheet opens: amounts.csv and change_log.csv.

    Example: cyps export --csv exports/
    """
    import csv  # each command imports what it uses

    from commands.csv_rows import CSV_COLUMNS

    runtime = Runtime.start()
    folder = Path(args.csv)
    folder.mkdir(parents=True, exist_ok=True)
    refs = {(p.programme_id, p.id): p.ref or p.id for p in runtime.kb.proposals()}
    with (folder / "amounts.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for record in runtime.tracking.all_amounts():
            ref = refs.get((record.programme_id, record.proposal_id), record.proposal_id)
            writer.writerow(
                [record.programme_id, ref, record.year, record.kind, f"{record.amount_k}k"]
            )
    with (folder / "change_log.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["at", "who", "via", "programme", "subject", "field", "old", "new"])
        for change in runtime.change_log.all():
            row = (change.at, change.who, change.via, change.programme_id, change.subject,
                   change.field, change.old, change.new)  # fmt: skip
            writer.writerow([spreadsheet_safe(value) for value in row])
    print(f"wrote {folder / 'amounts.csv'} and {folder / 'change_log.csv'}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Load delivered and forecast savings from a CSV file: every row is checked first, and
    nothing is stored unless every row is good.

    Columns: programme, ref, year, kind, amount. Example: cyps import delivered-2017-18.csv
    """
    import csv

    from commands.csv_rows import CSV_COLUMNS, CSV_TEMPLATE_HELP, check_rows

    path = Path(args.file)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            if sorted(header) != sorted(CSV_COLUMNS):
                print(
                    f"cyps: {path.name}: the header must be {','.join(CSV_COLUMNS)} ({CSV_TEMPLATE_HELP})",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            rows: list[dict[str, Any]] = [
                {k.strip().lower(): v for k, v in row.items() if k} for row in reader
            ]
    except OSError as error:
        print(f"cyps: cannot read {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except (csv.Error, UnicodeDecodeError) as error:
        print(f"cyps: {path.name} is not a readable CSV file: {error}", file=sys.stderr)
        return EXIT_USAGE
    runtime = Runtime.start()
    records, problems = check_rows(runtime.kb, rows)
    if problems:
        for problem in problems:
            print(f"{path.name}: {problem}", file=sys.stderr)
        print(f"nothing imported: {len(problems)} row(s) need fixing", file=sys.stderr)
        return EXIT_USAGE
    count = runtime.tracking.import_amounts(
        records, who=getpass.getuser(), via="import", at=now_in_london()
    )
    print(f"imported {count} row(s) from {path.name}")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    """Copy the bot's own data (tracking, defaults, reminders ledger) consistently, even while
    the bot runs. Example: cyps backup backups/state-2017-06-30.db
    """
    runtime = Runtime.start()
    target = Path(args.path)
    runtime.state.backup(target)
    print(f"backed up {runtime.paths.state} to {target}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser(
        "export", help="write tracking data as CSV", description=_export.__doc__
    )
    export.add_argument("--csv", required=True, metavar="DIR", help="folder for the CSV files")
    export.set_defaults(handler=_export)
    load = commands.add_parser(
        "import", help="load delivered/forecast savings from CSV", description=_import.__doc__
    )
    load.add_argument("file", help="the CSV file")
    load.set_defaults(handler=_import)
    backup = commands.add_parser(
        "backup", help="copy the bot's own data safely", description=_backup.__doc__
    )
    backup.add_argument("path", help="where to write the copy")
    backup.set_defaults(handler=_backup)
