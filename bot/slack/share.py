"""The "Share in channel" button: post the asker's answer for everyone, naming who asked.

A click only ever re-posts a read-only answer: the button's value must carry this bot's
signature (``button_values``), its question must not be one that writes, and the engine runs
it read-only besides. Anything refused is said to the clicker alone, and their private copy
stays.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.button_values import ButtonValueError, read_button_value
from bot.slack.messages import (
    SHARE_ACTION,
    share_failed_message,
    share_refused_message,
    shared_message,
)
from bot.slack.services import Services

log = logging.getLogger(__name__)

ASK_AGAIN = "ask the question again to share its answer."


def _channel_id(body: dict[str, Any]) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )


def register(app: App, services: Services) -> None:
    def acknowledge(ack: Ack) -> None:
        """Ack at once; the post happens in the lazy listener, off Slack's three-second clock."""
        ack()

    def share(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """Answer the same question for the same day again, post it in_channel, then tidy up.

        The ephemeral original is deleted only once the channel post has gone through.
        """
        user_id = body.get("user", {}).get("id", "")
        action: dict[str, Any] = next(
            (a for a in body.get("actions", []) if a.get("action_id") == SHARE_ACTION), {}
        )
        try:
            question, day = read_button_value(action.get("value", ""), services.button_key)
        except ButtonValueError as error:
            log.warning("share by %s refused: %s", user_id, error)
            respond(**share_refused_message(f"{error}; {ASK_AGAIN}"))
            return
        if services.engine.writes(question):
            log.warning("share by %s refused: its question would change stored data", user_id)
            respond(**share_refused_message("sharing only shows answers, and never changes data."))
            return
        context = services.context(
            _channel_id(body), user_id, today=day, stamped=False, read_only=True
        )
        answer = services.engine.answer(question, context)
        if not answer.ok:
            log.info("share by %s posted nothing: %s", user_id, answer.status)
            respond(**share_refused_message(answer.title))
            return
        message = shared_message(answer, question, user_id)
        if answer.charts:
            message = services.charts.attach(message, answer.charts, client)
        posted = respond(**message)
        if posted.status_code != 200:
            log.warning("share by %s failed: Slack answered %s", user_id, posted.status_code)
            respond(**share_failed_message(f"Slack answered {posted.status_code}"))
            return
        respond(delete_original=True)
        log.info("shared /cyps %s for %s in %s", answer.command or "-", user_id, context.channel_id)

    app.action(SHARE_ACTION)(ack=acknowledge, lazy=[share])
