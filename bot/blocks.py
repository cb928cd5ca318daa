"""Block Kit rendering of an Answer, within Slack's limits, with a plain-text fallback."""

from __future__ import annotations

from typing import Any

from commands.answer import Answer

MAX_BLOCKS = 50
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
FALLBACK_LIMIT = 3000


def escape(text: str) -> str:
    """Slack mrkdwn needs &, < and > escaped or it reads them as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sections(lines: list[str]) -> list[dict[str, Any]]:
    """Pack lines into as few section blocks as fit the 3,000-character limit."""
    blocks, current = [], ""
    for line in lines:
        line = clip(escape(line), SECTION_LIMIT)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_LIMIT:
            blocks.append(current)
            current = line
        else:
            current = candidate
    if current:
        blocks.append(current)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": b}} for b in blocks]


def fallback_text(answer: Answer) -> str:
    """The notification and screen-reader text Slack shows when blocks are not rendered."""
    first = answer.lines[0].replace("*", "") if answer.lines else ""
    return clip(f"{answer.title}\n{first}".strip(), FALLBACK_LIMIT)


def render_blocks(
    answer: Answer, extra: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Header, body sections, notes, sources and suggestions; never more than 50 blocks."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": clip(answer.title, HEADER_LIMIT),
                "emoji": False,
            },
        }
    ]
    body = list(answer.lines)
    body.extend(f"*{fact.label}:* {fact.value}" for fact in answer.facts)
    for table in answer.tables:
        rows = [" | ".join(table.columns), *(" | ".join(r) for r in table.rows)]
        body.append("```" + "\n".join(rows) + "```")
    blocks.extend(_sections(body))
    if answer.notes:
        blocks.extend(_sections([f":warning: {note}" for note in answer.notes]))
    trailer: list[dict[str, Any]] = []
    if answer.sources:
        text = clip(escape("Source: " + "; ".join(answer.sources)), CONTEXT_LIMIT)
        trailer.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    if answer.suggestions:
        text = clip(
            escape("Try: " + " · ".join(f"/cyps {s}" for s in answer.suggestions)), CONTEXT_LIMIT
        )
        trailer.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    trailer.extend(extra or [])
    room = MAX_BLOCKS - len(trailer)
    if len(blocks) > room:
        blocks = blocks[: room - 1]
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "_(answer shortened to fit Slack)_"},
            }
        )
    return blocks + trailer
