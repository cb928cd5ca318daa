"""The plain answer object every face (Slack, shell, CLI) renders in its own way."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from commands.chart import Chart
from commands.reading import Reading


@dataclass(frozen=True)
class Answer:
    """What the bot says: a title, short lines, notes, sources and suggestions.

    ``charts`` say what to draw beside the lines (which carry the same figures in words).
    ``status`` is ``ok`` for an answer, ``not_found`` for a miss with suggestions, ``bad_input``
    for text we could not read, ``busy`` when the bot's data was locked by another change for
    too long (try again), and ``error`` for our own failure (with a reference id).
    ``read_as`` says how a question not in the documented syntax was read, so a wrong
    reading shows at once.
    """

    title: str
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    status: str = "ok"
    command: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    reading: Reading | None = None  # how the question was read
    read_as: str = ""  # shown when the question was not in the documented syntax
    charts: tuple[Chart, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
