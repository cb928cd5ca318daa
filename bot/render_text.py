"""Plain-text rendering of an Answer, for the terminal shell and ``cyps ask``; charts are
written as PNG files beside it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from commands.answer import Answer


def render_text(answer: Answer) -> str:
    out = [f"Read as: {answer.read_as}"] if answer.read_as else []
    out.append(answer.title)
    out.extend(answer.lines)
    out.extend(f"Note: {note}" for note in answer.notes)
    if answer.sources:
        out.append("Source: " + "; ".join(answer.sources))
    if answer.suggestions:
        out.append("Try: " + " | ".join(f"/cyps {s}" for s in answer.suggestions))
    return "\n".join(out)


def print_answer(
    answer: Answer, folder: Path, out: Path | None = None, stream: TextIO | None = None
) -> list[Path]:
    """The answer as text, then each of its charts written as a PNG and where it went.

    A chart that cannot be written is said so; the figures are in the text above it.
    """
    stream = stream or (sys.stdout if answer.ok else sys.stderr)
    print(render_text(answer), file=stream)
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
