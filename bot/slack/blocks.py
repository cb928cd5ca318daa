"""Block Kit rendering of an Answer, within Slack's limits, with a plain-text fallback."""

from __future__ import annotations

from typing import Any

from commands.answer import Answer

MAX_BLOCKS = 50
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
FALLBACK_LIMIT = 3000
# Slack documents 50 blocks and 3,000 characters a section, but rejects a message whose blocks
# carry about 13,200 characters in all (msg_blocks_too_long; slackapi/bolt-js#2509). Stay under.
MESSAGE_TEXT_LIMIT = 12_000
SHORTENED = "_(answer shortened to fit Slack)_"


def escape(text: str) -> str:
    """Slack mrkdwn needs &, < and > escaped or it reads them as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_escaped(text: str, limit: int) -> str:
    """Clip escaped text without leaving half an entity (``&am…``) for Slack to show."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _pack(pieces: list[str], room: int) -> list[str]:
    """Join pieces (each at most ``room`` long) line by line into as few texts as fit ``room``."""
    texts, current = [], ""
    for piece in pieces:
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) > room:
            texts.append(current)
            current = piece
        else:
            current = candidate
    if current:
        texts.append(current)
    return texts


def _paragraphs(answer: Answer) -> list[str]:
    """The body as escaped paragraphs, each short enough for one section."""
    out = [clip_escaped(escape(line), SECTION_LIMIT) for line in answer.lines]
    return [p for p in out if p.strip()]


def _sections(paragraphs: list[str]) -> list[dict[str, Any]]:
    """Pack paragraphs into as few section blocks as fit the 3,000-character limit."""
    return [_mrkdwn(text) for text in _pack(paragraphs, SECTION_LIMIT)]


def text_size(value: Any) -> int:
    """Characters of text that blocks carry: every ``text`` string in them, at any depth."""
    total, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key == "text" and isinstance(inner, str):
                    total += len(inner)
                elif isinstance(inner, (dict, list)):
                    pending.append(inner)
        elif isinstance(item, list):
            pending.extend(item)
    return total


def fallback_text(answer: Answer) -> str:
    """The notification and screen-reader text Slack shows when blocks are not rendered.

    Slack reads this as mrkdwn too, so it is escaped: text echoed from a question must not
    become a mention such as ``<!channel>`` when an answer is shared.
    """
    first = answer.lines[0].replace("*", "") if answer.lines else ""
    text = f"{answer.title}\n{first}".strip() or "cyps"
    return clip_escaped(escape(text), FALLBACK_LIMIT)


def render_blocks(
    answer: Answer, extra: list[dict[str, Any]] | None = None, extra_text: int | None = None
) -> list[dict[str, Any]]:
    """Header, body sections, notes, sources and suggestions, then ``extra`` (e.g. buttons).

    Never more than 50 blocks or ``MESSAGE_TEXT_LIMIT`` characters: when the body does not
    fit, it is cut at a section boundary and says so; the trailer always survives.
    ``extra_text`` is the text ``extra`` carries (``text_size``), when the caller knows it:
    walking the blocks to count it costs as much as the rest of a short answer's layout.
    """
    title = " ".join(answer.title.split()) or "cyps"
    header: dict[str, Any] = {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(title, HEADER_LIMIT), "emoji": False},
    }
    body = _sections(_paragraphs(answer))
    if answer.notes:
        body.extend(
            _sections(
                [clip_escaped(escape(f":warning: {note}"), SECTION_LIMIT) for note in answer.notes]
            )
        )
    trailer: list[dict[str, Any]] = []
    if answer.sources:
        text = clip_escaped(escape("Source: " + "; ".join(answer.sources)), CONTEXT_LIMIT)
        trailer.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    if answer.suggestions:
        text = clip_escaped(
            escape("Try: " + " · ".join(f"/cyps {s}" for s in answer.suggestions)), CONTEXT_LIMIT
        )
        trailer.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    trailer.extend(extra or [])

    block_room = MAX_BLOCKS - 2 - len(trailer)  # the header, and a "Read as" line
    sizes = [len(block["text"]["text"]) for block in body]
    # Most answers are far below the limit: the context lines are clipped to CONTEXT_LIMIT each,
    # so the whole trailer is counted only when the body could come near the limit.
    if extra_text is None:
        extra_text = text_size(extra or [])
    roomy = sum(sizes) + HEADER_LIMIT + 2 * CONTEXT_LIMIT + extra_text <= MESSAGE_TEXT_LIMIT
    text_room = (
        MESSAGE_TEXT_LIMIT
        if roomy
        else (MESSAGE_TEXT_LIMIT - len(header["text"]["text"]) - text_size(trailer))
    )
    if len(body) > block_room or sum(sizes) > text_room:
        kept: list[dict[str, Any]] = []
        used = len(SHORTENED)
        for block, size in zip(body, sizes, strict=True):
            if len(kept) + 1 >= block_room or used + size > text_room:
                break
            kept.append(block)
            used += size
        body = [*kept, _mrkdwn(SHORTENED)]
    read_as = []
    if answer.read_as:
        text = clip_escaped(escape(f"Read as: {answer.read_as}"), CONTEXT_LIMIT)
        read_as = [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}]
    return [*read_as, header, *body, *trailer]
