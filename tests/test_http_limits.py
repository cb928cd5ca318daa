"""What the HTTP face does with load and hostile requests: a burst of connections queues, a body
over the limit is refused before it is read (wsgiref and gunicorn alike), and a refused
request is logged in one short line that carries no body."""

from __future__ import annotations

import io
import json
import logging
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from slack_app_support import dispatch, make_app, make_services
from slack_bolt import App
from slack_support import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlack,
    all_text,
    signed_headers,
    slash_command_body,
)

from bot.slack.request_guard import MAX_BODY_BYTES
from bot.slack.serve import make_http_server
from bot.slack.services import Services
from bot.slack.verification import request_ids
from bot.wsgi import create_application
from commands.engine import Engine

QUESTION = "adoption allowances for grandparents"


@pytest.fixture
def services(plain_engine: Engine) -> Iterator[Services]:
    made = make_services(plain_engine)
    yield made
    made.executor.shutdown(wait=True)


@pytest.fixture
def app(mock: MockSlack, services: Services) -> App:
    return make_app(mock, services)


@pytest.fixture
def server_port(app: App) -> Iterator[int]:
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,))
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def raw_exchange(port: int, head: bytes, body: bytes = b"") -> bytes:
    """Send a request's head (and any body) on a socket of our own; read the whole reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(head + body)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply


def test_a_burst_of_connections_queues_for_the_server_instead_of_being_refused(app: App) -> None:
    """socketserver's backlog of 5 reset most of 50 simultaneous requests; every connection
    of a burst must now wait in the queue until the server accepts it."""
    server = make_http_server(app, "127.0.0.1", 0)  # listening, not yet accepting
    port = server.server_address[1]
    connections: list[socket.socket] = []
    try:
        for _ in range(60):
            connections.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    finally:
        for connection in connections:
            connection.close()
        server.server_close()
    assert len(connections) == 60


def test_a_body_over_the_limit_gets_413_before_it_is_sent(server_port: int) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
    ).encode()
    reply = raw_exchange(server_port, head)  # the 200 MB never follow: the answer comes anyway
    assert reply.startswith(b"HTTP/1.0 413") or reply.startswith(b"HTTP/1.1 413"), reply[:80]


def test_an_unreadable_length_gets_400_not_a_traceback(server_port: int) -> None:
    head = b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12abc\r\n\r\n"
    assert b" 400 " in raw_exchange(server_port, head).split(b"\r\n")[0]


def test_a_chunked_body_gets_411_from_a_server_that_cannot_end_it(server_port: int) -> None:
    """wsgiref hands over the raw socket for a chunked body: reading it could wait forever."""
    head = b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert b" 411 " in raw_exchange(server_port, head, b"5\r\nhello\r\n0\r\n\r\n").split(b"\r\n")[0]


class CountingInput(io.BytesIO):
    """``wsgi.input`` that remembers how many bytes the application asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.asked += len(chunk)
        return chunk


def wsgi_environ(body: bytes, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "wsgi.input": CountingInput(body)}
    )
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    environ.update(extra)
    return environ


def call_wsgi(application: Any, environ: dict[str, Any]) -> tuple[str, bytes]:
    statuses: list[str] = []
    chunks = application(environ, lambda status, headers: statuses.append(status))
    try:
        return statuses[0], b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()


@pytest.fixture
def gunicorn_app(tmp_path: Path, kb_path: Path, mock: MockSlack, monkeypatch: pytest.MonkeyPatch):
    """What gunicorn runs: ``bot.wsgi:create_application()``, reminders left to another process."""
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.chdir(tmp_path)
    return create_application(
        {
            "CYPS_HOME": str(tmp_path),
            "CYPS_TODAY": "2014-10-01",
            "CYPS_REMINDERS": "off",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": mock.url,
        }
    )


def test_under_gunicorn_a_stated_length_over_the_limit_is_refused_unread(gunicorn_app) -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    environ = wsgi_environ(body, {}, CONTENT_LENGTH=str(len(body)))
    status, _ = call_wsgi(gunicorn_app, environ)
    assert status.startswith("413") and environ["wsgi.input"].asked == 0


def test_under_gunicorn_a_chunked_body_is_read_only_up_to_the_limit(gunicorn_app) -> None:
    """gunicorn decodes chunks and marks the input as ending (``wsgi.input_terminated``)."""
    environ = wsgi_environ(
        b"x" * (4 * MAX_BODY_BYTES),
        {"Transfer-Encoding": "chunked"},
        **{"wsgi.input_terminated": True},
    )
    status, _ = call_wsgi(gunicorn_app, environ)
    assert status.startswith("413") and environ["wsgi.input"].asked == MAX_BODY_BYTES + 1


def test_under_gunicorn_a_small_chunked_command_is_answered(gunicorn_app, mock: MockSlack) -> None:
    body = slash_command_body("savings 1.6", mock.response_url())
    environ = wsgi_environ(
        body.encode(),
        {**signed_headers(body), "Transfer-Encoding": "chunked"},
        **{"wsgi.input_terminated": True},
    )
    status, reply = call_wsgi(gunicorn_app, environ)
    assert status.startswith("200") and "£608k" in all_text(json.loads(reply))


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]


def test_a_forged_request_is_logged_in_one_short_line_without_its_body(
    app: App, mock: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = slash_command_body(QUESTION, mock.response_url("live-hook"))
    padded = body + "&pad=" + "y" * 100_000
    with caplog.at_level(logging.DEBUG):
        response = dispatch(app, padded, headers=signed_headers(padded, secret="guessed"))
    assert response.status == 401
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (QUESTION.split()[-1], "live-hook", "legacy-verification-token", "yyyy"):
        assert secret not in everything
    (line,) = refusal_lines(caplog)
    assert "signature does not match" in line and "user=U0ASKER" in line and len(line) < 200


def test_a_genuine_request_refused_for_clock_drift_says_so_and_logs_no_body(
    app: App, mock: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = slash_command_body(QUESTION, mock.response_url("live-hook"))
    stale = signed_headers(body, timestamp=int(time.time()) - 600)
    with caplog.at_level(logging.DEBUG):
        assert dispatch(app, body, headers=stale).status == 401
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "live-hook" not in everything and "grandparents" not in everything
    (line,) = refusal_lines(caplog)
    assert "s from this server's clock" in line


@pytest.mark.parametrize("timestamp", ["abc", "123.5", "", "١٧٠٠٠٠٠٠٠٠", "1e9"])
def test_a_timestamp_that_is_not_whole_seconds_is_refused_with_401(
    app: App, mock: MockSlack, timestamp: str
) -> None:
    body = slash_command_body("savings 1.6", mock.response_url())
    headers = {**signed_headers(body), "x-slack-request-timestamp": timestamp}
    assert dispatch(app, body, headers=headers).status == 401


def test_the_ids_logged_for_a_refusal_are_short_and_plain() -> None:
    shown = request_ids(
        {"team_id": "T1\nFAKE LINE", "user_id": "U" * 90, "command": "/cyps", "text": "secret"}
    )
    assert shown == f"team=T1FAKELINE user={'U' * 24} kind=/cyps"
