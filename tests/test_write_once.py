"""A write is recorded once per Slack invocation (its ``trigger_id``): the same signed request
replayed inside Slack's five minutes, or an envelope delivered twice, changes nothing again,
in this process or after a restart."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from slack_app_support import ADMIN, dispatch, make_app, make_services
from slack_bolt import App, BoltRequest
from slack_support import (
    MockSlack,
    all_text,
    signed_headers,
    slash_command_body,
    slash_command_fields,
)

from bot.runtime import Runtime
from knowledge.dates import LONDON
from knowledge.state.connection import StateDB
from knowledge.state.write_claims import KEEP_SECONDS, WriteClaims

WRITE = "actual 1.6 2017-18 120k"


def bot(runtime: Runtime, mock: MockSlack) -> App:
    """The Slack app with the claims kept in this runtime's state.db, as ``build_app`` has it."""
    return make_app(mock, make_services(runtime.engine, claims=WriteClaims(runtime.state)))


def send(app: App, body: str, headers: dict[str, str]) -> dict[str, Any]:
    response = dispatch(app, body, headers=headers)
    assert response.status == 200
    return json.loads(response.body)


def test_the_same_signed_write_sent_twice_is_recorded_once(
    runtime: Runtime, mock: MockSlack
) -> None:
    app = bot(runtime, mock)
    body = slash_command_body(WRITE, mock.response_url(), user_id=ADMIN)
    headers = signed_headers(body)
    first = send(app, body, headers)
    again = send(app, body, headers)  # a replay: byte for byte, still inside five minutes
    assert "Recorded delivered savings" in all_text(first)
    assert "already received" in all_text(again) and again["response_type"] == "ephemeral"
    assert len(runtime.change_log.all()) == 1


def test_two_invocations_of_the_same_write_are_both_recorded(
    runtime: Runtime, mock: MockSlack
) -> None:
    app = bot(runtime, mock)
    for _ in range(2):
        body = slash_command_body(WRITE, mock.response_url(), user_id=ADMIN)
        assert "Recorded" in all_text(send(app, body, signed_headers(body)))
    assert len(runtime.change_log.all()) == 2


def test_a_replay_after_a_restart_is_still_refused(
    cyps_env: dict[str, str], mock: MockSlack
) -> None:
    body = slash_command_body(WRITE, mock.response_url(), user_id=ADMIN)
    headers = signed_headers(body)
    send(bot(Runtime.start(cyps_env), mock), body, headers)
    restarted = Runtime.start(cyps_env)
    assert "already received" in all_text(send(bot(restarted, mock), body, headers))
    assert len(restarted.change_log.all()) == 1


def test_a_socket_mode_envelope_delivered_twice_records_once(
    runtime: Runtime, mock: MockSlack
) -> None:
    app = bot(runtime, mock)
    payload = slash_command_fields(WRITE, mock.response_url(), user_id=ADMIN)
    for _ in range(2):
        app.dispatch(BoltRequest(body=dict(payload), mode="socket_mode"))
    assert len(runtime.change_log.all()) == 1


def test_reads_are_never_claimed(runtime: Runtime, mock: MockSlack) -> None:
    app = bot(runtime, mock)
    body = slash_command_body("savings 1.6", mock.response_url())
    headers = signed_headers(body)
    assert all("£608k" in all_text(send(app, body, headers)) for _ in range(2))


def test_a_claim_is_granted_once_and_forgotten_after_a_day(tmp_path: Path) -> None:
    claims = WriteClaims(StateDB.open(tmp_path / "state.db"))
    now = datetime(2017, 7, 3, 9, 30, tzinfo=LONDON)
    assert claims.claim("slack:T1", now) is True
    assert claims.claim("slack:T1", now + timedelta(minutes=4)) is False
    assert claims.claim("slack:T2", now) is True
    later = now + timedelta(seconds=KEEP_SECONDS + 1)
    assert claims.claim("slack:T3", later) is True  # and T1 is dropped by this write
    assert claims.claim("slack:T1", later) is True
