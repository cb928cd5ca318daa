"""The Bolt app as the bot builds it, around the real engine and a local Slack (``MockSlack``),
for tests that need an app without ``test_slack_app``'s recording engine."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_support import BOT_TOKEN, SIGNING_SECRET, MockSlack, signed_headers, slash_command_body

from bot.slack.app import create_app
from bot.slack.client import create_web_client, retry_handlers
from bot.slack.services import Services
from commands.engine import Engine
from knowledge.dates import LONDON

TODAY = date(2014, 10, 1)
ADMIN = "U0ADMIN"


def make_services(engine: Engine, **extra: Any) -> Services:
    """Services with the day pinned, one admin, and the clock at 09:30 on that day."""
    return Services(
        engine=engine,
        today=lambda: TODAY,
        now=lambda: datetime(2014, 10, 1, 9, 30, tzinfo=LONDON),
        admins=frozenset({ADMIN}),
        **extra,
    )


def make_app(mock: MockSlack, services: Services) -> App:
    handlers = retry_handlers(interval=FixedValueRetryIntervalCalculator(0), sleep=lambda _: None)
    client = create_web_client(BOT_TOKEN, mock.url, handlers=handlers)
    return create_app(services, client, signing_secret=SIGNING_SECRET)


def dispatch(
    app: App, body: str, content_type: str = "", headers: dict[str, str] | None = None
) -> Any:
    """A request signed as Slack signs it (or with the ``headers`` given instead)."""
    sent = headers if headers is not None else signed_headers(body, content_type=content_type)
    return app.dispatch(BoltRequest(body=body, headers=sent))


def ask(
    app: App, mock: MockSlack, text: str, trigger_id: str | None = None, **who: str
) -> tuple[int, dict[str, Any]]:
    """``/cyps text`` from ``who``; each call is a new Slack invocation unless ``trigger_id``
    names one already used."""
    body = slash_command_body(text, mock.response_url(), trigger_id=trigger_id, **who)
    response = dispatch(app, body)
    return response.status, json.loads(response.body) if response.body else {}
