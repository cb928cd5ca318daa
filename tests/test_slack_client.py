"""The Web API client talks to SLACK_API_BASE_URL and retries rate limits, server errors and
dropped connections, all against the local mock server (no waiting: sleeps are recorded)."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_support import BOT_TOKEN, MockSlack, Scripted

from bot.slack.client import RetryAfterHandler, create_web_client, retry_handlers


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def client(mock: MockSlack, waits: list[float]) -> WebClient:
    handlers = retry_handlers(
        interval=FixedValueRetryIntervalCalculator(0), sleep=waits.append, jitter=lambda: 0.0
    )
    return create_web_client(BOT_TOKEN, mock.url, handlers=handlers)


def test_web_client_calls_the_configured_base_url_with_the_bot_token(
    mock: MockSlack, client: WebClient
) -> None:
    client.chat_postMessage(channel="C0BOARD", text="hello")
    (call,) = mock.calls_to("chat.postMessage")
    assert call.body == {"channel": "C0BOARD", "text": "hello"}
    assert call.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


def test_rate_limited_call_waits_retry_after_then_succeeds(
    mock: MockSlack, client: WebClient, waits: list[float]
) -> None:
    mock.script(
        "views.publish",
        Scripted(
            status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "7"}
        ),
    )
    response = client.views_publish(user_id="U0ASKER", view={"type": "home", "blocks": []})
    assert response["ok"] is True
    assert len(mock.calls_to("views.publish")) == 2
    assert waits == [7.0]


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_is_retried(mock: MockSlack, client: WebClient, status: int) -> None:
    mock.script("chat.postMessage", Scripted(status=status, body={"ok": False, "error": "fatal"}))
    assert client.chat_postMessage(channel="C0BOARD", text="hi")["ok"] is True
    assert len(mock.calls_to("chat.postMessage")) == 2


def test_dropped_connection_is_retried(mock: MockSlack, client: WebClient) -> None:
    mock.script("chat.postMessage", Scripted(drop=True))
    assert client.chat_postMessage(channel="C0BOARD", text="hi")["ok"] is True
    assert len(mock.calls_to("chat.postMessage")) == 2


def test_retries_give_up_after_two_and_report_slacks_error(
    mock: MockSlack, client: WebClient, waits: list[float]
) -> None:
    limited = Scripted(
        status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "1"}
    )
    mock.script("chat.postMessage", limited, limited, limited)
    with pytest.raises(SlackApiError, match="ratelimited"):
        client.chat_postMessage(channel="C0BOARD", text="hi")
    assert len(mock.calls_to("chat.postMessage")) == 3 and waits == [1.0, 1.0]


def test_retry_after_handler_adds_jitter_and_copes_without_the_header() -> None:
    waits: list[float] = []
    handler = RetryAfterHandler(sleep=waits.append, jitter=lambda: 0.25)
    request = HttpRequest(method="POST", url="http://x/api/a", headers={})
    for headers in ({"retry-after": ["3"]}, {}):
        state = RetryState()
        response = HttpResponse(status_code=429, headers=headers)
        assert handler.can_retry(state=state, request=request, response=response)
        handler.prepare_for_next_attempt(state=state, request=request, response=response)
        assert state.next_attempt_requested
    assert waits == [3.25, 1.25]
