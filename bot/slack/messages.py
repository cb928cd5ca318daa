"""The messages the Slack face sends, built from Answers: ephemeral, shared, and holding notes.

Nothing here computes an answer; it lays out what the engine said and carries the buttons'
payloads: share, more, sources and the suggested questions, each carrying its question (and the
day it was answered for) signed through ``button_values``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.slack.blocks import clip, clip_escaped, escape, fallback_text, render_blocks
from bot.slack.button_values import button_value
from commands.answer import Answer
from commands.registry import Registry

SHARE_ACTION = "share_in_channel"
SHARE_LABEL = "Share in channel"
MORE_ACTION = "show_more"
SOURCES_ACTION = "show_sources"
SUGGESTION_ACTION = "ask_suggestion"  # numbered per button: action ids are unique in a block
SOURCES_LABEL = "Sources"
BUTTON_LABEL_LIMIT = 75
SUGGESTION_BUTTONS = 5
# What each follow-up button asks the engine: its word before the question it carries.
FOLLOW_UP_WORDS = {MORE_ACTION: "more", SOURCES_ACTION: "sources"}
# Sharing asks the engine the same question again, so only commands that just read get the
# button: one click must never record anything. The registry's ``writes`` flag decides, and
# the value is signed (``button_values``) so a click cannot ask anything else.
WORKING = "Working on it… the answer will follow here in a moment."

Message = dict[str, Any]


def button(action_id: str, label: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": clip(label, BUTTON_LABEL_LIMIT)},
        "value": value,
    }


def share_button(value: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": "share",
        "elements": [button(SHARE_ACTION, SHARE_LABEL, value)],
    }


def shareable(answer: Answer, registry: Registry) -> bool:
    spec = registry.get(answer.command)
    return answer.ok and spec is not None and not spec.writes


def reads(question: str, registry: Registry) -> bool:
    """Whether a suggested question only reads, judged by its command word (one typo allowed,
    as typed questions are): only those become buttons. The listener asks the engine again
    before answering, and refuses any write."""
    words = question.split()
    name = registry.command_word(words[0]) if words else None
    spec = registry.get(name) if name else None
    return not (spec and spec.writes_for(words[1:2]))


def answer_buttons(
    answer: Answer, question: str, today: date, registry: Registry, key: bytes
) -> list[dict[str, Any]]:
    """Share, more, sources, then the suggestions that only read, as one row of buttons; each
    value signed with ``key`` (``button_values``)."""
    elements = []
    value = button_value(question, today, key) if shareable(answer, registry) else None
    if value is not None:
        elements.append(button(SHARE_ACTION, SHARE_LABEL, value))
        if answer.more:
            count = len(answer.more)
            label = f"Show {count} more line{'s' if count != 1 else ''}"
            elements.append(button(MORE_ACTION, label, value))
        if answer.details:
            elements.append(button(SOURCES_ACTION, SOURCES_LABEL, value))
    asked = [s for s in answer.suggestions if s.strip() and reads(s, registry)]
    for index, suggestion in enumerate(asked[:SUGGESTION_BUTTONS]):
        carried = button_value(suggestion, today, key)
        if carried is not None:
            label = " ".join(suggestion.split())
            elements.append(button(f"{SUGGESTION_ACTION}_{index}", label, carried))
    if not elements:
        return []
    return [{"type": "actions", "block_id": "share", "elements": elements}]


def _written_suggestions(answer: Answer, registry: Registry) -> list[dict[str, Any]]:
    """Suggestions that would change something are shown as text to type, never as buttons."""
    typed = [s for s in answer.suggestions if s.strip() and not reads(s, registry)]
    if not typed:
        return []
    text = clip_escaped(escape("Try: " + " · ".join(f"/cyps {s}" for s in typed)), 2000)
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}]


def answer_message(
    answer: Answer, question: str, today: date, registry: Registry, key: bytes
) -> Message:
    """The asker's private copy: the answer, and buttons to share it, see more of it, see its
    sources, or ask what it suggests (their values signed with ``key``)."""
    extra = [*_written_suggestions(answer, registry)]
    extra += answer_buttons(answer, question, today, registry, key)
    return {
        "response_type": "ephemeral",
        "text": fallback_text(answer),
        "blocks": render_blocks(answer, extra=extra),
    }


@dataclass
class _Made:
    answer: Answer  # held, so its id names no other object while kept
    registry: Registry
    message: Message
    encoded: str | None = None


class RecentMessages:
    """The asker's message for each of the latest answers, made once.

    The engine hands back the very Answer object it kept for a question asked again
    (``commands.recent_answers``), so that object, with the same question, day, registry
    and key, makes the same message: it is kept beside the answer and given out again, as
    is its JSON text once asked for (``encoded``). Callers must not change either.
    """

    SIZE = 128

    def __init__(self, size: int = SIZE):
        self._size = size
        self._made: OrderedDict[tuple[int, str, date, bytes], _Made] = OrderedDict()
        self._lock = threading.Lock()

    def message(
        self, answer: Answer, question: str, today: date, registry: Registry, key: bytes
    ) -> Message:
        """``answer_message(answer, question, today, registry, key)``, made once."""
        return self._made_for(answer, question, today, registry, key).message

    def encoded(
        self, answer: Answer, question: str, today: date, registry: Registry, key: bytes
    ) -> str:
        """The same message as the JSON text Bolt would send for it, encoded once: encoding
        a reply takes about 20 µs, which a question asked again need not pay each time."""
        made = self._made_for(answer, question, today, registry, key)
        if made.encoded is None:
            made.encoded = json.dumps(made.message)  # as BoltResponse encodes a dict
        return made.encoded

    def _made_for(
        self, answer: Answer, question: str, today: date, registry: Registry, key: bytes
    ) -> _Made:
        slot = (id(answer), question, today, key)
        with self._lock:
            made = self._made.get(slot)
            if made is not None and made.answer is answer and made.registry is registry:
                self._made.move_to_end(slot)
                return made
        made = _Made(answer, registry, answer_message(answer, question, today, registry, key))
        with self._lock:
            self._made[slot] = made
            while len(self._made) > self._size:
                self._made.popitem(last=False)
        return made


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


def refused_button_message() -> Message:
    """A button that would change stored data (or is not ours) is never run: said privately."""
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": "That button only shows answers; type the command to record anything.",
    }


def share_failed_message(reason: str) -> Message:
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": f"Sorry, I could not post that in the channel ({escape(reason)}). Please try again.",
    }
