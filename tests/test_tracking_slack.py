"""Tracking in Slack form, through Bolt's real request path and a restart of the bot."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_support import BOT_TOKEN, SIGNING_SECRET, MockSlack, signed_headers, slash_command_body

from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.slack.client import create_web_client, retry_handlers
from bot.slack.services import Services
from knowledge.dates import LONDON

ADMIN, READER = "U0ADMIN", "U0READER"


@pytest.fixture
def env(tmp_path: Path, kb_path: Path) -> dict[str, str]:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    return {"CYPS_HOME": str(tmp_path), "CYPS_ADMINS": ADMIN}


def start_bot(env: dict[str, str], mock: MockSlack) -> tuple[App, Runtime]:
    """What `cyps bot` does at start, against the local Slack-compatible server."""
    runtime = Runtime.start(env)
    services = Services(
        engine=runtime.engine,
        today=lambda: date(2017, 7, 3),
        now=lambda: datetime(2017, 7, 3, 9, 30, tzinfo=LONDON),
        admins=frozenset(env["CYPS_ADMINS"].split(",")),
    )
    handlers = retry_handlers(interval=FixedValueRetryIntervalCalculator(0), sleep=lambda _: None)
    client = create_web_client(BOT_TOKEN, mock.url, handlers=handlers)
    return create_app(services, client, signing_secret=SIGNING_SECRET), runtime


def slash(app: App, mock: MockSlack, text: str, user: str) -> dict[str, Any]:
    body = slash_command_body(text, mock.response_url(), user_id=user)
    response = app.dispatch(BoltRequest(body=body, headers=signed_headers(body)))
    assert response.status == 200
    return json.loads(response.body)


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_admin_records_an_actual_that_survives_a_restart_and_a_readers_write_is_refused(
    env: dict[str, str], mock: MockSlack
) -> None:
    app, _ = start_bot(env, mock)
    recorded = slash(app, mock, "actual 1.6 2017-18 120k", ADMIN)
    assert recorded["response_type"] == "ephemeral"
    assert "£120k" in text_of(recorded) and "gap £30k" in text_of(recorded)

    refused = slash(app, mock, "actual 1.6 2017-18 999k", READER)
    assert "admins" in text_of(refused) and "£999k" not in text_of(refused)

    app, runtime = start_bot(env, mock)  # the bot restarts on the same data folder
    gap = text_of(slash(app, mock, "gap 1.6", READER))
    assert "2017-18: planned £150k; delivered £120k; gap £30k" in gap
    history = text_of(slash(app, mock, "history 1.6", READER))
    assert ADMIN in history and READER not in history and "999" not in history
    assert [r.amount_k for r in runtime.tracking.all_amounts()] == [120]
    posted = [c for c in mock.calls if c.method.startswith("chat.")]
    assert all("999" not in json.dumps(c.body) for c in posted)
