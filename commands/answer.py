"""The plain answer object every face (Slack, shell, CLI) renders in its own way.

It holds what to say, already worded; a renderer only lays the parts out (the shell as lines,
Slack as Block Kit with fields and buttons) and never works anything out from them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from commands.reading import Reading

if TYPE_CHECKING:  # the chart types are built only by the commands that draw
    from commands.chart import Chart


@dataclass(frozen=True)
class Cell:
    """One figure among several of the same kind (a year's saving, say), so Slack can lay them
    out as fields and the shell as one line. ``flag`` is what the audit found wrong with it."""

    label: str
    value: str
    flag: str = ""


@dataclass(frozen=True)
class Answer:
    """What the bot says, in the order a phone shows it.

    ``title`` names the item (with ``rag``, its delivery-risk colour, beside it); ``lead`` is the
    figure first, in one line; ``cells`` are figures of one kind side by side; ``lines`` the rest
    that fits a screen and ``more`` what does not (shown on ``more``); ``warnings`` say what is
    wrong or uncertain, ``notes`` what is merely worth knowing; ``sources`` name each paper once
    with its places and ``details`` list every place in full with how we read it (shown on
    ``sources``); ``suggestions`` are questions to ask next.

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
    lead: str = ""
    cells: tuple[Cell, ...] = ()
    rag: str | None = None
    warnings: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    details: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def but(self, **changes: Any) -> Answer:
        """The same answer with some parts changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
