"""Building only the subcommand a command line names, so ``cyps ask`` does not pay for the rest.

argparse makes a whole parser (and looks up its translations on disk) for every subcommand
added, about 10 ms for all of ``cyps``'s. ``OnlyWanted`` hands the registering code a
subparsers action that builds the named subcommand and skips the others; the caller rebuilds
with every subcommand when the name is none of them (a typo, ``--help``), so usage and errors
still list them all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` works it out: ``COLUMNS``, else
    the terminal standard output is, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    stdout = sys.__stdout__
    if stdout is None:
        return 80
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the width: argparse makes one for every argument it
    adds, and without a width each imports shutil (and the compression modules shutil
    imports) only to ask the terminal's size."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24):
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2)


class Skipped:
    """Stands in for a subcommand's parser that was not built: whatever it is told, it ignores
    (and hands itself back, for the ``add_subparsers().add_parser()`` chains)."""

    def __getattr__(self, name: str) -> Callable[..., Skipped]:
        return lambda *args, **kwargs: self


class OnlyWanted(argparse._SubParsersAction):  # type: ignore[type-arg]
    """A subparsers action that builds only ``wanted`` (every one when it is None) and
    remembers every name it was offered, so the caller can tell whether ``wanted`` exists."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.wanted: str | None = None
        self.offered: list[str] = []

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        self.offered.append(name)
        if self.wanted is not None and name != self.wanted:
            return Skipped()
        return super().add_parser(name, **kwargs)


def wanted_command(argv: list[str]) -> str | None:
    """The subcommand a command line names: its first word, unless that is an option."""
    return argv[0] if argv and not argv[0].startswith("-") else None
