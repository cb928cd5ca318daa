"""A Slack-compatible Web API on 127.0.0.1 that keeps the messages it is sent, so the reminder
tests can read a channel's history back (``conversations.history``) and inject failures.

``tests/slack_support.MockSlack`` answers the bot's own calls; this one adds what reminders need
and it does not: stored messages with their metadata, history with ``oldest`` and paging, and
GET requests (slack_sdk reads history with GET). Nothing here reaches the internet.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Fault:
    """A canned failure for the next call to a method (500, 429 with Retry-After, a refusal)."""

    status: int = 500
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "internal_error"})
    headers: dict[str, str] = field(default_factory=dict)


class SlackWithHistory:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self._faults: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._stopped = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self, params: dict[str, Any]) -> None:
                method = urlsplit(self.path).path.removeprefix("/api/")
                status, body, headers = server.handle(method, params)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                self._answer({k: v[-1] for k, v in query.items()})

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in self.headers.get("Content-Type", ""):
                    params = json.loads(raw or "{}")
                else:
                    params = {k: v[-1] for k, v in parse_qs(raw).items()}
                query = parse_qs(urlsplit(self.path).query)
                self._answer({**{k: v[-1] for k, v in query.items()}, **params})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))

    # What the server answers -------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], dict]:
        with self._lock:
            self.calls.append(method)
            queue = self._faults.get(method)
            if queue:
                fault = queue.pop(0)
                return fault.status, fault.body, fault.headers
            if method == "auth.test":
                return 200, _AUTH, {}
            if method == "chat.postMessage":
                return 200, self._post(params), {}
            if method == "conversations.history":
                return 200, self._history(params), {}
            return 200, {"ok": True}, {}

    def _post(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message = {
            "type": "message",
            "ts": ts,
            "channel": params.get("channel"),
            "text": params.get("text", ""),
            "blocks": _json(params.get("blocks")) or [],
            "metadata": _json(params.get("metadata")),
        }
        self.messages.append(message)
        return {"ok": True, "channel": message["channel"], "ts": ts, "message": message}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        start = int(params.get("cursor") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        found = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in reversed(self.messages)
            if m["channel"] == params.get("channel") and float(m["ts"]) >= oldest
        ]
        page = found[start : start + limit]
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    # Test controls ------------------------------------------------------------------------
    def fail_next(self, method: str, *faults: Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, []).extend(faults)

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if channel is None or m["channel"] == channel]

    def count(self, method: str) -> int:
        with self._lock:
            return self.calls.count(method)

    def start(self) -> SlackWithHistory:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (again is harmless: a test may stop it early to drop connections)."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"


_AUTH = {
    "ok": True,
    "url": "https://board.example.slack.com/",
    "team": "Board",
    "user": "cyps",
    "team_id": "T0BOARD",
    "user_id": "U0CYPSBOT",
    "bot_id": "B0CYPSBOT",
}


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
