"""Building only the subcommand a command line names, so ``cyps ask`` does not pay for the rest.

argparse makes a whole parser (and looks up its translations on disk) for every subcommand
added, about 10 ms for all of ``cyps``'s. ``OnlyWanted`` hands the registering code a
subparsers action that builds the named subcommand and skips the others; the caller rebuilds
with every subcommand when the name is none of them (a typo, ``--help``), so usage and errors
still list them all.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


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
