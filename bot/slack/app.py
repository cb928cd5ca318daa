"""The Bolt app: one synchronous ``App`` with every listener module registered on it."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import followups, home, share, slash
from bot.slack.services import Services
from bot.slack.verification import QuietRequestVerification


def create_app(
    services: Services,
    client: WebClient,
    signing_secret: str = "",
    token_verification: bool = True,
    logger: logging.Logger | None = None,
) -> App:
    """Build the app around ``client`` (its token and base URL decide where it talks).

    ``process_before_response`` makes the HTTP reply wait for the listener's ``ack``, which
    carries the answer; slow work (the share post, App Home) runs in lazy listeners instead.
    Signatures are checked where Bolt checks them, by a check that never logs a body.
    """
    app = App(
        client=client,
        signing_secret=signing_secret,
        token_verification_enabled=token_verification,
        request_verification_enabled=False,
        before_authorize=QuietRequestVerification(signing_secret),
        process_before_response=True,
        logger=logger,
    )
    register(app, services)
    return app


def register(app: App, services: Services) -> None:
    """Every listener module, as in Bolt's starter template."""
    slash.register(app, services)
    share.register(app, services)
    followups.register(app, services)
    home.register(app, services)
