"""Slack's request signature, checked as Bolt checks it, but refused quietly.

Bolt's own check logs every refused request with its whole body at INFO: the question, the
legacy token and a live ``response_url`` (anyone holding it can post to the channel), and as
many bytes as an attacker cares to send. This one logs one short line per refusal: the
reason and the ids Slack puts in a request, each reduced to a short run of safe characters.
A timestamp that is not a whole number of seconds is a refusal (401), not a crash.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 60 * 5  # Slack's own rule: older (or newer) requests may be replays
_SAFE_ID = re.compile(r"[^A-Za-z0-9_./-]")


def _id(value: Any) -> str:
    return _SAFE_ID.sub("", value)[:24] if isinstance(value, str) else ""


def request_ids(body: dict[str, Any]) -> str:
    """``team=T1 user=U1 app=A1 kind=/cyps``: who a request says it is from, and nothing else."""
    team, user = body.get("team"), body.get("user")
    found = {
        "team": body.get("team_id") or (team.get("id") if isinstance(team, dict) else None),
        "user": body.get("user_id") or (user.get("id") if isinstance(user, dict) else user),
        "app": body.get("api_app_id"),
        "kind": body.get("command") or body.get("type"),
    }
    return " ".join(f"{key}={_id(value)}" for key, value in found.items() if _id(value)) or "no ids"


def refusal(
    verifier: SignatureVerifier, body: str, timestamp: str, signature: str, now: float
) -> str | None:
    """Why a request must be refused, or None when its signature is Slack's and fresh."""
    if not timestamp:
        return "no timestamp"
    if not (timestamp.isascii() and timestamp.isdigit()):
        return "timestamp is not a whole number of seconds"
    drift = int(now - int(timestamp))
    if abs(drift) > MAX_AGE_SECONDS:
        return f"timestamp {drift:+,} s from this server's clock"
    if not signature:
        return "no signature"
    expected = verifier.generate_signature(timestamp=timestamp, body=body) or ""
    if not hmac.compare_digest(expected, signature):
        return "signature does not match"
    return None


class QuietRequestVerification(Middleware):
    """Bolt's ``RequestVerification`` with a one-line log; skipped in Socket Mode as Bolt's is."""

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time):
        self._signing_secret = signing_secret
        self._verifier: SignatureVerifier | None = None
        self._clock = clock

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        if req.mode == "socket_mode":
            return next()
        if self._verifier is None:  # built on first use: Socket Mode apps have no secret
            self._verifier = SignatureVerifier(self._signing_secret)
        reason = refusal(
            self._verifier,
            req.raw_body,
            req.headers.get("x-slack-request-timestamp", [""])[0],
            req.headers.get("x-slack-signature", [""])[0],
            self._clock(),
        )
        if reason is None:
            return next()
        log.warning(
            "refused a request: %s (%s)",
            reason,
            request_ids(req.body if isinstance(req.body, dict) else {}),
        )
        return BoltResponse(status=401, body={"error": "invalid request"})
