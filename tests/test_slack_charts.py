"""Charts in Slack through Bolt's real request path: a signed /cyps over HTTP, the PNG going
through the fake Web API's three upload steps, and an image block that references the file."""

from __future__ import annotations

import json
import struct
import threading
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_support import (
    SIGNING_SECRET,
    MockSlack,
    Scripted,
    all_text,
    app_home_opened,
    block_actions_body,
    block_actions_payload,
    block_kit_problems,
    event_body,
    signed_headers,
    slash_command_body,
    web_client,
)

from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.slack.charts import DRAWING
from bot.slack.messages import SHARE_ACTION
from bot.slack.serve import make_http_server
from bot.slack.services import Services
from knowledge.dates import LONDON

FIGURES = ("2017-18 £150k", "2018-19 £148k", "2019-20 £310k", "total £608k")


@pytest.fixture
def services(runtime: Runtime) -> Iterator[Services]:
    made = Services(
        engine=runtime.engine,
        today=lambda: date(2017, 6, 30),
        now=lambda: datetime(2017, 6, 30, 9, 30, tzinfo=LONDON),
    )
    yield made
    made.executor.shutdown(wait=True)


@pytest.fixture
def app(mock: MockSlack, services: Services) -> App:
    return create_app(services, web_client(mock), signing_secret=SIGNING_SECRET)


def ask(app: App, mock: MockSlack, text: str) -> dict[str, Any]:
    body = slash_command_body(text, mock.response_url())
    response = app.dispatch(BoltRequest(body=body, headers=signed_headers(body)))
    assert response.status == 200
    return json.loads(response.body)


def images(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in message.get("blocks", []) if b["type"] == "image"]


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int(struct.unpack(">I", data[16:20])[0])


def test_chart_over_http_uploads_one_png_and_shows_it_by_reference(
    app: App, mock: MockSlack
) -> None:
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,))
    thread.start()
    try:
        body = slash_command_body("chart savings 1.6", mock.response_url())
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.server_address[1]}/slack/events",
            data=body.encode(),
            headers=signed_headers(body),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            message = json.loads(reply.read())
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert [mock.count(m) for m in ("files.getUploadURLExternal", "upload")] == [1, 1]
    assert mock.count("files.completeUploadExternal") == 1
    ((file_id, uploaded),) = mock.files.items()
    assert png_width(uploaded["bytes"]) == 1200 and uploaded["filename"] == "savings-1.6.png"
    (image,) = images(message)
    assert image["slack_file"] == {"id": file_id}
    assert all(figure in image["alt_text"] for figure in FIGURES)
    assert message["response_type"] == "ephemeral"
    assert all(figure in message["text"] for figure in FIGURES)  # the fallback, for readers
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds.index("image") < kinds.index("actions")  # the picture, then the share button
    assert block_kit_problems(message) == []
    assert mock.calls_to("response_url:r1") == []  # drawn and uploaded within the ack


def test_a_chart_that_cannot_be_uploaded_still_gives_the_figures(app: App, mock: MockSlack) -> None:
    mock.script(
        "files.getUploadURLExternal", Scripted(body={"ok": False, "error": "missing_scope"})
    )
    message = ask(app, mock, "chart savings 1.6")
    assert images(message) == [] and mock.files == {}
    text = all_text(message)
    assert all(figure in text for figure in FIGURES)
    assert "The chart could not be shown here (reference " in text
    assert block_kit_problems(message) == []


def test_a_slow_chart_acks_the_figures_then_follows_with_the_picture(
    app: App, mock: MockSlack, services: Services
) -> None:
    drawn = threading.Event()
    attach = services.charts.attach

    def slow_attach(*args: Any) -> Any:  # drawing and uploading outlast the budget
        drawn.wait(10)
        return attach(*args)

    services.answer_budget = 0.2
    services.charts.attach = slow_attach  # type: ignore[method-assign]
    holding = ask(app, mock, "chart savings 1.6")
    assert holding["text"].startswith(DRAWING) and "£310k" in holding["text"]
    drawn.set()
    (late,) = mock.wait_for("response_url:r1", timeout=10)
    (image,) = images(late.body)
    assert image["slack_file"]["id"] in mock.files
    assert block_kit_problems(late.body) == []


def test_a_shared_chart_shows_the_same_file_in_the_channel(app: App, mock: MockSlack) -> None:
    private = ask(app, mock, "chart savings kent")
    button = next(b for b in private["blocks"] if b["type"] == "actions")
    payload = block_actions_payload(
        SHARE_ACTION, button["elements"][0]["value"], mock.response_url("share")
    )
    app.dispatch(
        BoltRequest(
            body=block_actions_body(payload), headers=signed_headers(block_actions_body(payload))
        )
    )
    shared = mock.wait_for("response_url:share", count=2)[0].body
    assert shared["response_type"] == "in_channel"
    assert images(shared) == images(private)
    assert mock.count("files.completeUploadExternal") == 1  # the same chart, uploaded once
    assert block_kit_problems(shared) == []


def test_app_home_shows_the_savings_chart_for_the_default_programme(
    app: App, mock: MockSlack
) -> None:
    body = event_body(app_home_opened())
    headers = signed_headers(body, content_type="application/json")
    assert app.dispatch(BoltRequest(body=body, headers=headers)).status == 200
    (call,) = mock.wait_for("views.publish", timeout=10)
    view = call.body["view"]
    (image,) = images(view)
    assert mock.files[image["slack_file"]["id"]]["filename"] == "savings-haringey-54000.png"
    assert "£5.017m" in image["alt_text"] and "Next gateway" in all_text(view)
    assert block_kit_problems(view, surface="home") == []
