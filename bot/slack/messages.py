"""The messages the Slack face sends, built from Answers: ephemeral, shared, and holding notes.

Nothing here computes an answer; it lays out what the engine said and carries the share
button's payload.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.slack.blocks import clip_escaped, escape, fallback_text, render_blocks
from commands.answer import Answer
from commands.registry import Registry

SHARE_ACTION = "share_in_channel"
SHARE_LABEL = "Share in channel"
BUTTON_VALUE_LIMIT = 2000
# Sharing asks the engine the same question again, so only commands that just read get the
# button: one click must never record anything twice. The registry's ``writes`` flag decides.
WORKING = "Working on it… the answer will follow here in a moment."

Message = dict[str, Any]


def share_value(question: str, today: date) -> str | None:
    """What the button carries: the day it was answered for, a space, the question; or None
    if that is too long for a button.

    Carrying the day means a share after midnight posts the answer the person saw. A plain
    ISO date and the text need no encoding, and cost a quarter of a JSON object per answer.
    """
    value = f"{today.isoformat()} {question}"
    return value if len(value) <= BUTTON_VALUE_LIMIT else None


def read_share_value(value: str) -> tuple[str, date]:
    """The question and day from a share button; ValueError if it is not ours."""
    day, space, question = value[:10], value[10:11], value[11:]
    try:
        answered_for = date.fromisoformat(day)
    except ValueError as error:
        raise ValueError("not a share button value") from error
    if space != " ":
        raise ValueError("not a share button value")
    return question, answered_for


def share_button(value: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": "share",
        "elements": [
            {
                "type": "button",
                "action_id": SHARE_ACTION,
                "text": {"type": "plain_text", "text": SHARE_LABEL},
                "value": value,
            }
        ],
    }


def shareable(answer: Answer, registry: Registry) -> bool:
    spec = registry.get(answer.command)
    return answer.ok and spec is not None and not spec.writes


def answer_message(answer: Answer, question: str, today: date, registry: Registry) -> Message:
    """The asker's private copy: the answer, and a share button when sharing makes sense."""
    extra = []
    value = share_value(question, today) if shareable(answer, registry) else None
    if value is not None:
        extra.append(share_button(value))
    return {
        "response_type": "ephemeral",
        "text": fallback_text(answer),
        "blocks": render_blocks(answer, extra=extra, extra_text=len(SHARE_LABEL) * len(extra)),
    }


def shared_message(answer: Answer, question: str, user_id: str) -> Message:
    """The channel's copy: the same answer, saying who asked and what."""
    asked = clip_escaped(escape(f"/cyps {question}"), 1900)
    byline = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"Shared by <@{user_id}>, who asked: {asked}"}],
    }
    return {
        "response_type": "in_channel",
        "replace_original": False,
        "text": f"<@{user_id}> shared: {fallback_text(answer)}",
        "blocks": render_blocks(answer, extra=[byline]),
    }


def working_message() -> Message:
    return {"response_type": "ephemeral", "text": WORKING}


def share_failed_message(reason: str) -> Message:
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": f"Sorry, I could not post that in the channel ({escape(reason)}). Please try again.",
    }
