"""End to end through Bolt's real request path: signed requests in (``app.dispatch`` and real
HTTP on 127.0.0.1), a local Slack-compatible Web API out. Nothing reaches Slack."""

from __future__ import annotations

import io
import json
import logging
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_support import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlack,
    Scripted,
    all_text,
    app_home_opened,
    block_actions_body,
    block_actions_payload,
    block_kit_problems,
    board_services,
    bolt_app,
    event_body,
    signed_headers,
    slash_command_body,
    slash_command_fields,
)

from bot.runtime import Runtime
from bot.settings import ConfigError
from bot.slack.config import slack_config
from bot.slack.messages import SHARE_ACTION, WORKING
from bot.slack.serve import build_app, make_http_server
from bot.slack.services import Services
from bot.wsgi import create_application
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.queries import KnowledgeBase

TODAY = date(2014, 10, 1)


class RecordingEngine(Engine):
    """The real engine, noting each question it was asked (and optionally holding answers back)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb, default_registry())
        self.questions: list[tuple[str, Context]] = []
        self.gate: threading.Event | None = None

    def answer(self, text: str, context: Context) -> Answer:
        self.questions.append((text, context))
        if self.gate is not None:
            self.gate.wait(5)
        return super().answer(text, context)


@pytest.fixture
def engine(kb: KnowledgeBase) -> RecordingEngine:
    return RecordingEngine(kb)


@pytest.fixture
def services(engine: RecordingEngine) -> Iterator[Services]:
    made = board_services(engine, TODAY)
    yield made
    made.executor.shutdown(wait=True)


@pytest.fixture
def app(mock: MockSlack, services: Services) -> App:
    return bolt_app(mock, services)


def dispatch(app: App, body: str, content_type: str = "", timestamp: int | None = None) -> Any:
    headers = signed_headers(body, timestamp=timestamp, content_type=content_type)
    return app.dispatch(BoltRequest(body=body, headers=headers))


def ask(app: App, mock: MockSlack, text: str, **who: str) -> tuple[int, dict[str, Any]]:
    response = dispatch(app, slash_command_body(text, mock.response_url(), **who))
    return response.status, json.loads(response.body) if response.body else {}


def share_value_of(message: dict[str, Any]) -> str | None:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == SHARE_ACTION:
                return element["value"]
    return None


def test_savings_answer_arrives_in_the_ack_privately_with_its_figures(
    app: App, mock: MockSlack
) -> None:
    status, message = ask(app, mock, "savings 1.6")
    assert status == 200
    assert message["response_type"] == "ephemeral"
    text = all_text(message)
    for figure in ("£150k", "£148k", "£310k", "£608k"):
        assert figure in text
    head = message["blocks"][0]
    assert head["type"] == "section" and head["text"]["text"].startswith("*1.6 Adoption")
    assert ":large_orange_circle: Amber" in head["text"]["text"]  # a symbol and the word
    assert [f["text"] for f in message["blocks"][1]["fields"]] == [
        "*2017-18*\n+£150k",
        "*2018-19*\n+£148k",
        "*2019-20*\n+£310k",
    ]
    assert share_value_of(message) is not None
    assert block_kit_problems(message) == []
    assert mock.calls_to("response_url:r1") == []  # answered in the ack, not afterwards


def test_command_text_is_decoded_before_the_engine_sees_it(
    app: App, mock: MockSlack, engine: RecordingEngine
) -> None:
    ask(app, mock, "gap <#C0BOARD|board> &amp; <@U0ANN|ann> &lt;kent&gt;")
    text, context = engine.questions[-1]
    assert text == "gap #board & @ann <kent>"
    assert (context.today, context.channel_id, context.user_id) == (TODAY, "C0BOARD", "U0ASKER")
    assert context.via == "slack" and context.is_admin is False


def test_admins_listed_in_cyps_admins_are_admins_in_slack(
    app: App, mock: MockSlack, engine: RecordingEngine
) -> None:
    ask(app, mock, "help", user_id="U0ADMIN")
    assert engine.questions[-1][1].is_admin is True


def test_the_slash_command_carries_exactly_slacks_fields() -> None:
    assert sorted(slash_command_fields("x", "http://r")) == sorted(
        [
            "token",
            "team_id",
            "team_domain",
            "channel_id",
            "channel_name",
            "user_id",
            "user_name",
            "command",
            "text",
            "api_app_id",
            "is_enterprise_install",
            "response_url",
            "trigger_id",
        ]
    )


def test_bad_signature_is_rejected_with_401(app: App, mock: MockSlack) -> None:
    body = slash_command_body("savings 1.6", mock.response_url())
    headers = signed_headers(body, secret="not-the-secret")
    response = app.dispatch(BoltRequest(body=body, headers=headers))
    assert response.status == 401


def test_request_older_than_five_minutes_is_rejected_with_401(app: App, mock: MockSlack) -> None:
    body = slash_command_body("savings 1.6", mock.response_url())
    assert dispatch(app, body, timestamp=int(time.time()) - 5 * 60 - 10).status == 401
    assert dispatch(app, body, timestamp=int(time.time()) - 60).status == 200


def test_events_url_verification_challenge_is_echoed_for_http_setup(app: App) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    response = dispatch(app, body, content_type="application/json")
    assert response.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.body


def test_share_button_posts_the_same_answer_in_channel_naming_the_asker(
    app: App, mock: MockSlack
) -> None:
    _, private = ask(app, mock, "savings 1.6")
    value = share_value_of(private)
    assert value is not None
    payload = block_actions_payload(SHARE_ACTION, value, mock.response_url("share"))
    assert dispatch(app, block_actions_body(payload)).status == 200

    posts = mock.wait_for("response_url:share", count=2)
    shared, tidy = posts[0].body, posts[1].body
    assert shared["response_type"] == "in_channel"
    assert "<@U0ASKER>" in all_text(shared)
    answer_blocks = [b for b in private["blocks"] if b["type"] != "actions"]
    assert shared["blocks"][: len(answer_blocks)] == answer_blocks
    assert block_kit_problems(shared) == []
    assert tidy == {"text": "", "delete_original": True}


def test_a_failed_share_tells_the_asker_and_keeps_their_copy(app: App, mock: MockSlack) -> None:
    _, private = ask(app, mock, "gateway next")
    mock.script("response_url:share", Scripted(status=404, body={"error": "expired_url"}))
    payload = block_actions_payload(
        SHARE_ACTION, share_value_of(private) or "", mock.response_url("share")
    )
    dispatch(app, block_actions_body(payload))
    posts = mock.wait_for("response_url:share", count=2)
    assert "could not post that in the channel" in posts[1].body["text"]
    assert not any(p.body.get("delete_original") for p in posts)


def test_share_button_with_a_foreign_value_is_refused_politely(app: App, mock: MockSlack) -> None:
    payload = block_actions_payload(SHARE_ACTION, "not json", mock.response_url("share"))
    assert dispatch(app, block_actions_body(payload)).status == 200
    (post,) = mock.wait_for("response_url:share")
    assert "could not post" in post.body["text"] and post.body["response_type"] == "ephemeral"


@pytest.mark.parametrize("question", ["use kent", "savings 9.9", "actual 1.6 2017-18 120k"])
def test_no_share_button_for_misses_or_for_commands_that_change_things(
    app: App, mock: MockSlack, question: str
) -> None:
    _, message = ask(app, mock, question, user_id="U0ADMIN")
    assert share_value_of(message) is None
    assert block_kit_problems(message) == []


@pytest.mark.parametrize(
    ("question", "expected"), [("use kent", "kent-0-25"), ("savings 1.6", "£608k")]
)
def test_a_slow_answer_acks_a_holding_note_then_responds(
    app: App,
    mock: MockSlack,
    services: Services,
    engine: RecordingEngine,
    question: str,
    expected: str,
) -> None:
    """Writes (which may wait on a lock) and reads (a large knowledge base just reloaded)
    run with the same time budget: past it, a holding note now and the answer after."""
    services.answer_budget = 0.01
    engine.gate = threading.Event()
    status, message = ask(app, mock, question)
    assert status == 200 and message == {"text": WORKING, "response_type": "ephemeral"}
    engine.gate.set()
    (late,) = mock.wait_for("response_url:r1")
    assert expected in all_text(late.body) and late.body["response_type"] == "ephemeral"
    assert block_kit_problems(late.body) == []


def test_an_answer_within_the_budget_is_the_ack_itself(
    app: App, mock: MockSlack, services: Services
) -> None:
    status, message = ask(app, mock, "savings 1.6")
    assert status == 200 and "£608k" in all_text(message)
    assert mock.calls_to("response_url:r1") == []  # nothing follows an answer in time


def test_app_home_publishes_a_dashboard_for_the_default_programme(
    app: App, mock: MockSlack
) -> None:
    response = dispatch(app, event_body(app_home_opened()), content_type="application/json")
    assert response.status == 200
    (call,) = mock.wait_for("views.publish")
    assert call.body["user_id"] == "U0ASKER"
    view = call.body["view"]
    text = all_text(view)
    for expected in (
        "haringey-54000",
        "Current phase",
        "Transformation through commissioning",
        "Next checkpoint",
        "Next gateway",
        "in about 5 months",
        "Savings",
        "Gaps",
        "£1,946k",
        "Audit",
    ):
        assert expected in text, expected
    assert block_kit_problems(view, surface="home") == []


def test_app_home_follows_the_default_set_in_the_apps_messages(
    app: App, mock: MockSlack, engine: RecordingEngine
) -> None:
    engine.preferences.set_default_programme("D0HOME", "kent-0-25", "U0ASKER")
    dispatch(app, event_body(app_home_opened()), content_type="application/json")
    (call,) = mock.wait_for("views.publish")
    assert "kent-0-25" in all_text(call.body["view"])
    assert {q[1].programme for q in engine.questions} == {"kent-0-25"}


def test_app_home_messages_tab_publishes_nothing(app: App, mock: MockSlack) -> None:
    body = event_body(app_home_opened(user_id="U0OTHER", tab="messages"))
    assert dispatch(app, body, content_type="application/json").status == 200
    dispatch(app, event_body(app_home_opened()), content_type="application/json")
    calls = mock.wait_for("views.publish")
    assert [c.body["user_id"] for c in calls] == ["U0ASKER"]


def test_real_http_server_answers_signed_requests_and_refuses_others(
    app: App, mock: MockSlack
) -> None:
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,))
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        body = slash_command_body("savings 1.6", mock.response_url())

        def post(path: str, headers: dict[str, str]) -> tuple[int, str, str]:
            request = urllib.request.Request(
                base + path, data=body.encode(), headers=headers, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as reply:
                    return reply.status, reply.read().decode(), reply.headers["Content-Type"]
            except urllib.error.HTTPError as error:
                return error.code, "", ""

        for _ in range(2):  # worked out, then the kept reply's JSON text as it is
            status, text, content_type = post("/slack/events", signed_headers(body))
            assert status == 200 and content_type.startswith("application/json")
            message = json.loads(text)
            assert message["response_type"] == "ephemeral" and "£608k" in all_text(message)
        assert post("/slack/events", signed_headers(body, secret="wrong"))[0] == 401
        assert post("/elsewhere", signed_headers(body))[0] == 404
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class FakeSocketClient:
    """Stands in for the Socket Mode websocket: records the envelopes' responses."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("fake-socket")
        self.sent: list[SocketModeResponse] = []

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.sent.append(response)


def test_socket_mode_envelope_gets_the_answer_as_its_payload(app: App, mock: MockSlack) -> None:
    """The two steps SocketModeHandler.handle takes (building the handler opens threads that
    take a second to close, so the test calls them directly)."""
    request = SocketModeRequest(
        type="slash_commands",
        envelope_id="env-1",
        payload=slash_command_fields("savings 1.6", mock.response_url()),
    )
    fake = FakeSocketClient()
    send_response(fake, request, run_bolt_app(app, request), time.time())  # type: ignore[arg-type]
    (sent,) = fake.sent
    assert sent.envelope_id == "env-1"
    assert sent.payload["response_type"] == "ephemeral" and "£608k" in all_text(sent.payload)


def test_logs_name_the_command_and_user_never_the_question_or_secrets(
    app: App, mock: MockSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        ask(app, mock, "adoption allowances for grandparents")
        _, private = ask(app, mock, "savings 1.6")
        payload = block_actions_payload(
            SHARE_ACTION, share_value_of(private) or "", mock.response_url("share")
        )
        dispatch(app, block_actions_body(payload))
        mock.wait_for("response_url:share", count=2)
        dispatch(app, event_body(app_home_opened()), content_type="application/json")
        mock.wait_for("views.publish")
        services.answer_log.flush()  # the answers' lines are written in batches
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot."))
    # the free question is read as savings 1.6: the log names what it was read as, not its words
    assert logged.count("/cyps savings for U0ASKER in C0BOARD: ok, acked") == 2
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("grandparents", BOT_TOKEN, SIGNING_SECRET):
        assert secret not in everything


@pytest.fixture
def home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the built knowledge base, run from a folder without a .env."""
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_token_slack_refuses_stops_the_start_with_its_reason_not_the_token(
    home: Path, mock: MockSlack
) -> None:
    mock.script("auth.test", Scripted(body={"ok": False, "error": "invalid_auth"}))
    env = {"CYPS_HOME": str(home), "SLACK_API_BASE_URL": mock.url}
    config = slack_config(
        {**env, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1"}, shell=False
    )
    with pytest.raises(ConfigError, match=r"did not accept SLACK_BOT_TOKEN \(invalid_auth\)") as e:
        build_app(config, Runtime.start(env))
    assert BOT_TOKEN not in str(e.value)


def test_wsgi_application_for_gunicorn_answers_a_signed_command_and_logs_its_answer(
    home: Path, mock: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    application = create_application(
        {
            "CYPS_HOME": str(home),
            "CYPS_TODAY": "2014-10-01",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": mock.url,
        }
    )
    body = slash_command_body("gateway next haringey-54000", mock.response_url()).encode()
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/slack/events",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
    )
    for name, value in signed_headers(body.decode()).items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    started: list[str] = []

    def answer_lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "bot.slack.slash"]

    try:
        with caplog.at_level(logging.INFO, logger="bot.slack.slash"):
            chunks = application(environ, lambda status, headers: started.append(status))
            message = json.loads(b"".join(chunks))
            deadline = time.monotonic() + 5  # the answer log's thread writes the line soon after
            while not answer_lines() and time.monotonic() < deadline:
                time.sleep(0.01)
        # gunicorn runs no `cyps bot`, so the factory starts the reminder scheduler itself
        assert application.reminders is not None and application.reminders.scheduler.running
    finally:
        if application.reminders is not None:
            application.reminders.shutdown()
    assert started == ["200 OK"]
    assert "in about 5 months" in all_text(message) and message["response_type"] == "ephemeral"
    assert [line.split(":")[0] for line in answer_lines()] == [
        "/cyps gateway for U0ASKER in C0BOARD"
    ]


def test_wsgi_application_leaves_reminders_to_another_process_when_told(
    home: Path, mock: MockSlack
) -> None:
    application = create_application(
        {
            "CYPS_HOME": str(home),
            "CYPS_REMINDERS": "off",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": mock.url,
        }
    )
    assert application.reminders is None


def test_wsgi_application_refuses_to_start_without_a_signing_secret(home: Path) -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        create_application({"CYPS_HOME": str(home), "SLACK_BOT_TOKEN": BOT_TOKEN})
