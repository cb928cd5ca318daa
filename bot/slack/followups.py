"""The buttons under an answer that ask again: "Show N more", "Sources" and the suggestions.

Each carries its question and day, signed (``button_values``, as the share button does), and asks
the engine the same way a person would type it (``more <question>``, ``sources <question>`` or
the suggestion), then replaces the private answer with the new one. A question that would change
stored data is never run from a button, whoever clicks.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack.button_values import ButtonValueError, read_button_value
from bot.slack.messages import (
    FOLLOW_UP_WORDS,
    MORE_ACTION,
    SOURCES_ACTION,
    SUGGESTION_ACTION,
    answer_message,
    refused_button_message,
)
from bot.slack.services import Services

log = logging.getLogger(__name__)

FOLLOW_UP_ACTIONS = re.compile(rf"^(?:{MORE_ACTION}|{SOURCES_ACTION}|{SUGGESTION_ACTION}_\d+)$")


def _channel_id(body: dict[str, Any]) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )


def follow_up_question(action_id: str, carried: str) -> str:
    """What the button asks: its word and the question it carries, or the suggestion itself."""
    word = FOLLOW_UP_WORDS.get(action_id, "")
    return f"{word} {carried}".strip()


def register(app: App, services: Services) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def follow_up(body: dict[str, Any], respond: Respond) -> None:
        """Answer the button's question for the day it carries, in place of the old answer."""
        user_id = body.get("user", {}).get("id", "")
        action: dict[str, Any] = next(
            (a for a in body.get("actions", []) if FOLLOW_UP_ACTIONS.match(a.get("action_id", ""))),
            {},
        )
        try:
            carried, day = read_button_value(action.get("value", ""), services.button_key)
        except ButtonValueError as error:
            log.warning("a follow-up button from %s refused: %s", user_id, error)
            respond(**refused_button_message())
            return
        question = follow_up_question(action.get("action_id", ""), carried)
        engine = services.engine
        if engine.writes(carried) or engine.writes(question):
            log.warning("a follow-up button from %s asked for a write; refused", user_id)
            respond(**refused_button_message())
            return
        context = services.context(
            _channel_id(body), user_id, today=day, stamped=False, read_only=True
        )
        answer = engine.answer(question, context)
        message = answer_message(answer, question, day, engine.registry, services.button_key)
        respond(**message, replace_original=True)
        log.info("followed up /cyps %s for %s", answer.command or "-", user_id)

    app.action(FOLLOW_UP_ACTIONS)(ack=acknowledge, lazy=[follow_up])
