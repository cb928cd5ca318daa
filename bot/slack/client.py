"""The Web API client: another base URL when asked, and retries for what Slack says is passing."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

SLACK_API = "https://slack.com/api/"


class RetryAfterHandler(RateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, waiting exactly ``Retry-After`` plus jitter through a given sleep.

    The built-in one calls ``time.sleep`` itself; taking ``sleep`` as a parameter lets tests
    check the wait without waiting.
    """

    def __init__(
        self,
        max_retry_count: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ):
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self._jitter = jitter

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate limited without a response")
        headers = {key.lower(): values for key, values in response.headers.items()}
        values = headers.get("retry-after") or ["1"]
        first = values[0] if isinstance(values, list) else values
        text = str(first).strip()
        seconds = int(text) if text.isascii() and text.isdigit() else 1
        state.next_attempt_requested = True
        self._sleep(seconds + self._jitter())
        state.increment_current_attempt()


def retry_handlers(
    interval: RetryIntervalCalculator | None = None,
    sleep: Callable[[float], None] = time.sleep,
    jitter: Callable[[], float] = random.random,
) -> list[RetryHandler]:
    """429 with Retry-After, 500/503 and dropped connections, each retried twice."""
    backoff = interval or BackoffRetryIntervalCalculator(backoff_factor=0.5)
    return [
        RetryAfterHandler(max_retry_count=2, sleep=sleep, jitter=jitter),
        ServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
    ]


def create_web_client(
    token: str | None,
    base_url: str | None = None,
    handlers: list[RetryHandler] | None = None,
    timeout: int = 10,
) -> WebClient:
    """A WebClient for ``base_url`` (a Slack-compatible server, e.g. a test's) or Slack itself."""
    return WebClient(
        token=token,
        base_url=base_url or SLACK_API,
        timeout=timeout,
        retry_handlers=handlers if handlers is not None else retry_handlers(),
    )
