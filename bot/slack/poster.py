"""Posting reminders through Slack's Web API (slack_sdk ``WebClient``).

The reminder's key travels in the message metadata (and its context line), so after a crash the
key can be looked up in ``conversations.history`` (scope ``channels:history``, plus
``groups:history`` for private channels) before anything is posted again. slack_sdk's own retry
handlers are switched off: delivery owns retries, so it can check history before each one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from scheduler.poster import PostError

METADATA_EVENT = "cyps_reminder"
RETRYABLE_ERRORS = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}


class SlackPoster:
    """The Slack implementation of ``Poster``."""

    def __init__(self, client: WebClient, history_pages: int = 5):
        self.client = client
        self.history_pages = history_pages

    @classmethod
    def connect(cls, token: str, base_url: str | None = None, timeout: int = 30) -> SlackPoster:
        """A poster for ``token``; ``base_url`` (SLACK_API_BASE_URL) points at a local server."""
        url = base_url or WebClient.BASE_URL
        client = WebClient(
            token=token,
            base_url=url if url.endswith("/") else url + "/",
            timeout=timeout,
            retry_handlers=[],
        )
        return cls(client)

    def post(self, channel: str, text: str, blocks: list[dict[str, Any]], key: str) -> str:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            raise classify(error) from None
        except (SlackClientError, OSError, ValueError) as error:
            # a timeout or dropped connection: Slack may have posted it, so look before retrying
            raise PostError(
                f"no answer from Slack ({type(error).__name__})", retryable=True, uncertain=True
            ) from None
        return str(response["ts"])

    def find(self, channel: str, key: str, since: datetime) -> bool:
        cursor = None
        for _ in range(self.history_pages):
            try:
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp() - 60:.6f}",
                    limit=200,
                    include_all_metadata=True,
                    cursor=cursor,
                )
            except SlackApiError as error:
                raise classify(error) from None
            except (SlackClientError, OSError, ValueError) as error:
                raise PostError(
                    f"could not read history ({type(error).__name__})", retryable=True
                ) from None
            messages: list[dict[str, Any]] = response.get("messages") or []
            if any(carries(message, key) for message in messages):
                return True
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return False
        return False


def carries(message: dict[str, Any], key: str) -> bool:
    """Whether a history message is the reminder with ``key`` (metadata, or its context line)."""
    metadata = message.get("metadata") or {}
    if (metadata.get("event_payload") or {}).get("key") == key:
        return True
    return key in json.dumps(message.get("blocks") or [])


def classify(error: SlackApiError) -> PostError:
    """429 and 5xx are worth retrying (a 5xx may have posted); a refusal such as
    ``channel_not_found`` is not."""
    status = error.response.status_code
    code = error.response.get("error") if isinstance(error.response.data, dict) else None
    if status == 429:
        retry_after = error.response.headers.get("Retry-After") or error.response.headers.get(
            "retry-after"
        )
        return PostError(
            "Slack rate limit (429)",
            retryable=True,
            retry_after=float(retry_after)
            if retry_after and retry_after.strip().isascii() and retry_after.strip().isdigit()
            else None,
        )
    if status >= 500:
        return PostError(f"Slack server error ({status})", retryable=True, uncertain=True)
    if code in RETRYABLE_ERRORS:
        return PostError(f"Slack error {code}", retryable=True, uncertain=True)
    return PostError(f"Slack refused the post: {code or status}", retryable=False)
