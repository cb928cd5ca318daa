"""Bookkeeping handed to ``after_response`` waits until the HTTP reply is out, and never breaks it."""

from __future__ import annotations

import logging
import threading
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from bot.slack.after_response import RunAfterResponse, after_response
from bot.slack.serve import ThreadingWSGIServer

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]


class _Silent(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[WsgiApp], str]]:
    servers = []

    def start(app: WsgiApp) -> str:
        server = make_server(
            "127.0.0.1",
            0,
            RunAfterResponse(app),
            server_class=ThreadingWSGIServer,
            handler_class=_Silent,
        )
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def replying(work: Callable[[], None]) -> WsgiApp:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        after_response(work)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    return app


def test_deferred_work_runs_only_after_the_reply_has_arrived(
    serve: Callable[[WsgiApp], str],
) -> None:
    released, done = threading.Event(), threading.Event()

    def work() -> None:
        released.wait(5)  # had this run before the reply, the reply would wait five seconds
        done.set()

    url = serve(replying(work))
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"ok"
    assert not done.is_set()
    released.set()
    assert done.wait(5)


def test_failing_work_is_logged_and_the_server_keeps_answering(
    serve: Callable[[WsgiApp], str], caplog: pytest.LogCaptureFixture
) -> None:
    calls = []

    def work() -> None:
        calls.append(1)
        raise RuntimeError("disk full")

    url = serve(replying(work))
    for _ in range(2):
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read() == b"ok"
    for _ in range(100):
        if len(calls) == 2 and len(caplog.records) == 2:
            break
        threading.Event().wait(0.02)
    assert len(calls) == 2
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.ERROR]


def test_without_an_http_reply_to_wait_for_work_runs_at_once() -> None:
    ran = []
    after_response(lambda: ran.append("now"))
    assert ran == ["now"]


def test_work_queued_before_the_app_fails_still_runs() -> None:
    ran = []

    def failing(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        after_response(lambda: ran.append("logged"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        RunAfterResponse(failing)({}, lambda *a: None)
    assert ran == ["logged"]
    after_response(lambda: ran.append("outside"))  # the request's list did not leak
    assert ran == ["logged", "outside"]
