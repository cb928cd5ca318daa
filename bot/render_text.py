"""Plain-text rendering of an Answer, for the terminal shell and ``cyps ask``; charts are
written as PNG files beside it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from commands.answer import Answer, Cell


def cell_text(cell: Cell) -> str:
    flag = f" (⚠ {cell.flag})" if cell.flag else ""
    return f"{cell.label} {cell.value}{flag}"


def cells_line(cells: tuple[Cell, ...]) -> str:
    return " | ".join(cell_text(c) for c in cells)


def title_line(answer: Answer) -> str:
    return f"{answer.title} · {answer.rag.capitalize()}" if answer.rag else answer.title


def render_text(answer: Answer, asked: str | None = None) -> str:
    """The answer as lines, how the question was read first. ``asked`` is the question, for
    the follow-up hint (``more savings``); the shell passes none, since there ``more`` alone
    follows up the last question."""
    out = [f"Read as: {answer.read_as}"] if answer.read_as else []
    out.append(title_line(answer))
    if answer.lead:
        out.append(answer.lead)
    if answer.cells:
        out.append(cells_line(answer.cells))
    out.extend(answer.lines)
    out.extend(f"Warning: {warning}" for warning in answer.warnings)
    out.extend(f"Note: {note}" for note in answer.notes)
    if answer.sources:
        out.append("Source: " + " · ".join(answer.sources))
    if answer.suggestions:
        out.append("Try: " + " · ".join(f"`{s}`" for s in answer.suggestions))
    hint = follow_up_hint(answer, asked)
    if hint:
        out.append(hint)
    return "\n".join(out)


def follow_up_hint(answer: Answer, asked: str | None) -> str:
    """How to see the rest: ``more`` when lines were held back, ``sources`` for every source."""
    question = f" {asked}" if asked else ""
    hints = []
    if answer.more:
        count = len(answer.more)
        hints.append(f"`more{question}` for {count} more line{'s' if count != 1 else ''}")
    if answer.details:
        hints.append(f"`sources{question}` for every source")
    return ("Also: " + " · ".join(hints)) if hints else ""


def print_answer(
    answer: Answer,
    folder: Path,
    out: Path | None = None,
    stream: TextIO | None = None,
    asked: str | None = None,
) -> list[Path]:
    """The answer as text, then each of its charts written as a PNG and where it went.

    A chart that cannot be written is said so; the figures are in the text above it.
    """
    stream = stream or (sys.stdout if answer.ok else sys.stderr)
    print(render_text(answer, asked), file=stream)
    if not answer.charts:
        return []
    from bot.charts import save_charts  # matplotlib only when there is a chart to draw

    try:
        written = save_charts(answer.charts, folder, out)
    except OSError as error:
        print(f"Chart not written ({error.strerror or error}); the figures are above.", file=stream)
        return []
    for path in written:
        print(f"Chart written to {path}", file=stream)
    return written
