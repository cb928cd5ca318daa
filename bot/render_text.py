"""Plain-text rendering of an Answer, for the terminal shell and ``cyps ask``."""

from __future__ import annotations

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
