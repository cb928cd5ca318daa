"""The messages the Slack face sends, built from Answers: ephemeral, shared, and holding notes.

Nothing here computes an answer; it lays out what the engine said and carries the share
button's payload.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.slack.blocks import clip_escaped, escape, fallback_text, render_blocks
from bot.slack.button_values import button_value
from commands.answer import Answer
from commands.registry import Registry

SHARE_ACTION = "share_in_channel"
SHARE_LABEL = "Share in channel"
# Sharing asks the engine the same question again, so only commands that just read get the
# button: one click must never record anything. The registry's ``writes`` flag decides, and
# the value is signed (``button_values``) so a click cannot ask anything else.
WORKING = "Working on it… the answer will follow here in a moment."

Message = dict[str, Any]


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


def answer_message(
    answer: Answer, question: str, today: date, registry: Registry, key: bytes
) -> Message:
    """The asker's private copy: the answer, and a share button (its value signed with
    ``key``) when sharing makes sense."""
    extra = []
    value = button_value(question, today, key) if shareable(answer, registry) else None
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


def share_refused_message(reason: str) -> Message:
    """Why a share posted nothing, to the clicker alone; their private answer stays."""
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": f"Sorry, I could not post that in the channel: {escape(reason)}",
    }


def share_failed_message(reason: str) -> Message:
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": f"Sorry, I could not post that in the channel ({escape(reason)}). Please try again.",
    }
