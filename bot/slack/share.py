"""The "Share in channel" button: post the asker's answer for everyone, naming who asked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.messages import (
    SHARE_ACTION,
    read_share_value,
    share_failed_message,
    shared_message,
)
from bot.slack.services import Services

log = logging.getLogger(__name__)


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
            question, day = read_share_value(action.get("value", ""))
        except ValueError:
            log.warning("share from %s carried an unreadable value", user_id)
            respond(**share_failed_message("the button was not one of mine"))
            return
        context = services.context(_channel_id(body), user_id, today=day)
        answer = services.engine.answer(question, context)
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
