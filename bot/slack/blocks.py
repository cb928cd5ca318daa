"""Block Kit rendering of an Answer, within Slack's limits, with a plain-text fallback.

An answer reads top to bottom as on a phone: the title in bold with its RAG as a coloured
symbol and the word, the figure first, year figures as fields, what is wrong, the rest, then
notes and sources in small type. A failed answer is plain section text, never a big header.
"""

from __future__ import annotations

from typing import Any

from commands.answer import Answer, Cell

MAX_BLOCKS = 50
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
FIELD_LIMIT = 2000
FIELDS_PER_SECTION = 10
FALLBACK_LIMIT = 3000
# Slack documents 50 blocks and 3,000 characters a section, but rejects a message whose blocks
# carry about 13,200 characters in all (msg_blocks_too_long; slackapi/bolt-js#2509). Stay under.
MESSAGE_TEXT_LIMIT = 12_000
SHORTENED = "_(answer shortened to fit Slack)_"
# Never colour alone: the symbol is followed by the word.
RAG_SYMBOLS = {
    "red": ":red_circle:",
    "amber": ":large_orange_circle:",
    "green": ":large_green_circle:",
    "blue": ":large_blue_circle:",
}


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


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


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


def _sections(pieces: list[str]) -> list[dict[str, Any]]:
    """Pack escaped pieces into as few section blocks as fit the 3,000-character limit."""
    kept = [clip_escaped(p, SECTION_LIMIT) for p in pieces if p.strip()]
    return [_mrkdwn(text) for text in _pack(kept, SECTION_LIMIT)]


def rag_text(rag: str | None) -> str:
    """``:large_orange_circle: Amber``: the colour as a symbol and always the word."""
    if not rag:
        return ""
    return f"{RAG_SYMBOLS.get(rag, ':white_circle:')} {escape(rag.capitalize())}"


def field_text(cell: Cell) -> str:
    flag = f"\n:warning: {escape(cell.flag)}" if cell.flag else ""
    return clip_escaped(f"*{escape(cell.label)}*\n{escape(cell.value)}{flag}", FIELD_LIMIT)


def _field_sections(cells: tuple[Cell, ...]) -> list[dict[str, Any]]:
    fields = [{"type": "mrkdwn", "text": field_text(c)} for c in cells]
    return [
        {"type": "section", "fields": fields[i : i + FIELDS_PER_SECTION]}
        for i in range(0, len(fields), FIELDS_PER_SECTION)
    ]


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
    first = answer.lead or (answer.lines[0] if answer.lines else "")
    rag = f" ({answer.rag.capitalize()})" if answer.rag else ""
    text = f"{answer.title}{rag}\n{first.replace('*', '')}".strip() or "cyps"
    return clip_escaped(escape(text), FALLBACK_LIMIT)


def _head(answer: Answer) -> dict[str, Any]:
    title = escape(" ".join(answer.title.split())) or "cyps"
    head = f"*{clip_escaped(title, HEADER_LIMIT)}*"
    if answer.rag:
        head += f"  {rag_text(answer.rag)}"
    if answer.lead:
        head += f"\n{escape(answer.lead)}"
    return _mrkdwn(clip_escaped(head, SECTION_LIMIT))


def _problem(answer: Answer) -> list[dict[str, Any]]:
    """A miss or a refusal as plain section text: nothing to shout about."""
    text = "\n".join([" ".join(answer.title.split()) or "cyps", *answer.lines])
    return [{"type": "section", "text": {"type": "plain_text", "text": clip(text, SECTION_LIMIT)}}]


def render_blocks(
    answer: Answer, extra: list[dict[str, Any]] | None = None, extra_text: int | None = None
) -> list[dict[str, Any]]:
    """The answer's blocks, then ``extra`` (e.g. buttons).

    Never more than 50 blocks or ``MESSAGE_TEXT_LIMIT`` characters: when the body does not
    fit, it is cut at a block boundary and says so; the trailer always survives.
    ``extra_text`` is the text ``extra`` carries (``text_size``), when the caller knows it:
    walking the blocks to count it costs as much as the rest of a short answer's layout.
    """
    if not answer.ok:
        return [*_read_as(answer), *_problem(answer), *(extra or [])]
    body = [_head(answer), *_field_sections(answer.cells)]
    body += _sections([f":warning: {escape(w)}" for w in answer.warnings])
    body += _sections([escape(line) for line in answer.lines])
    trailer: list[dict[str, Any]] = []
    notes = "\n".join(escape(note) for note in answer.notes if note.strip())
    if notes:
        trailer.append(_context(clip_escaped(notes, CONTEXT_LIMIT)))
    sources = [s for s in answer.sources if s.strip()]
    if sources:
        shown = escape("Source: " + " · ".join(sources))
        trailer.append(_context(clip_escaped(shown, CONTEXT_LIMIT)))
    trailer.extend(extra or [])
    return _fit(_read_as(answer), body, trailer, extra, extra_text)


def _read_as(answer: Answer) -> list[dict[str, Any]]:
    """How the question was read, above the answer, when the bot read it in its own words."""
    if not answer.read_as:
        return []
    return [_context(clip_escaped(escape(f"Read as: {answer.read_as}"), CONTEXT_LIMIT))]


def _fit(
    lead: list[dict[str, Any]],
    body: list[dict[str, Any]],
    trailer: list[dict[str, Any]],
    extra: list[dict[str, Any]] | None,
    extra_text: int | None,
) -> list[dict[str, Any]]:
    block_room = MAX_BLOCKS - len(lead) - len(trailer)
    sizes = [text_size(block) for block in body]
    # Most answers are far below the limit: the context lines are clipped to CONTEXT_LIMIT each,
    # so the whole trailer is counted only when the body could come near the limit.
    if extra_text is None:
        extra_text = text_size(extra or [])
    roomy = sum(sizes) + 3 * CONTEXT_LIMIT + extra_text <= MESSAGE_TEXT_LIMIT
    text_room = (
        MESSAGE_TEXT_LIMIT if roomy else MESSAGE_TEXT_LIMIT - text_size(trailer) - text_size(lead)
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
    return [*lead, *body, *trailer]
