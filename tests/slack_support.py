"""Test doubles for Slack: one local Web API server (with response URLs and channel history),
signed requests as Slack sends them, and a Block Kit checker for the limits slack-sdk's models
leave out. Nothing here reaches the internet."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.app import create_app
from bot.slack.client import create_web_client, retry_handlers
from bot.slack.services import Services
from knowledge.dates import LONDON

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-bot-token"
TEAM_ID = "T0BOARD"
APP_ID = "A0CYPS"


@dataclass(frozen=True)
class Recorded:
    """One request the server received: the Web API method (or response URL) and its body."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass(frozen=True)
class Scripted:
    """A canned reply for the next call to a method; ``drop`` closes the connection unanswered.

    Without a body, an error status answers as Slack does (``ok: false`` with an error code).
    """

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    drop: bool = False


AUTH_TEST = {
    "ok": True,
    "url": "https://board.example.slack.com/",
    "team": "Board",
    "user": "cyps",
    "team_id": TEAM_ID,
    "user_id": "U0CYPSBOT",
    "bot_id": "B0CYPSBOT",
}


def _json_value(value: Any) -> Any:
    """A form field that carries JSON (slack_sdk sends ``blocks`` and ``metadata`` so)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


class MockSlack:
    """A Slack-compatible Web API on 127.0.0.1 (``/api/<method>``) that also serves response URLs.

    Every call is recorded; ``script`` queues replies (429, 500, a refusal, a dropped
    connection) for a method so retry behaviour can be checked without Slack. Messages posted
    with ``chat.postMessage`` are kept with their metadata and read back through
    ``conversations.history`` (``oldest``, paging, ``include_all_metadata``), as reminder
    delivery needs after a crash. Files go through Slack's three steps, as ``files_upload_v2``
    makes them: ``files.getUploadURLExternal`` hands out an upload URL on this server, the
    bytes are posted there (recorded as the method ``upload``), and
    ``files.completeUploadExternal`` finishes the files whose bytes arrived (``files``).
    ``hold`` makes a method wait until released, to stop a process mid-delivery. Nothing here
    reaches the internet.
    """

    def __init__(self) -> None:
        self.calls: list[Recorded] = []
        self.messages: list[dict[str, Any]] = []
        self.files: dict[str, dict[str, Any]] = {}  # completed uploads by file id
        self._uploads: dict[str, dict[str, Any]] = {}  # upload URLs handed out, by file id
        self._scripts: dict[str, list[Scripted]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._stopped = False
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # slack_sdk reads history with GET
                query = parse_qs(urlsplit(self.path).query)
                self._answer({k: v[-1] for k, v in query.items()})

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                if path.startswith("/upload/"):  # a file's bytes, as files_upload_v2 sends them
                    mock._received(path.removeprefix("/upload/"), data)
                    self._answer({"file_id": path.removeprefix("/upload/"), "length": len(data)})
                    return
                raw = data.decode()
                query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
                self._answer({**query, **mock._parse(raw, self.headers.get("Content-Type", ""))})

            def _answer(self, body: dict[str, Any]) -> None:
                path = urlsplit(self.path).path
                if path.startswith("/api/"):
                    method = path.removeprefix("/api/")
                elif path.startswith("/upload/"):
                    method = "upload"
                elif path.startswith("/response/"):
                    method = "response_url:" + path.removeprefix("/response/")
                else:
                    self.send_error(404)
                    return
                status, reply, headers = mock._handle(
                    Recorded(method, body, dict(self.headers.items()))
                )
                if status is None:  # a dropped connection
                    self.close_connection = True
                    return
                data = b"ok" if reply is None else json.dumps(reply).encode()
                self.send_response(status)
                self.send_header(
                    "Content-Type", "text/plain" if reply is None else "application/json"
                )
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )

    @staticmethod
    def _parse(raw: str, content_type: str) -> dict[str, Any]:
        if "json" in content_type:
            return json.loads(raw or "{}")
        return {key: values[-1] for key, values in parse_qs(raw).items()}

    # What the server answers ----------------------------------------------------------------
    def _handle(self, call: Recorded) -> tuple[int | None, dict[str, Any] | None, dict[str, str]]:
        hold = self._holds.get(call.method)
        if hold is not None:
            with self._lock:
                self.calls.append(call)  # seen, then kept waiting until released
            hold.wait(timeout=60)
            return None, None, {}
        with self._lock:
            self.calls.append(call)
            queue = self._scripts.get(call.method)
            scripted = queue.pop(0) if queue else None
            if scripted is not None:
                if scripted.drop:
                    return None, None, {}
                body = scripted.body
                if body is None and scripted.status >= 400:
                    body = {"ok": False, "error": "internal_error"}
                return scripted.status, body, scripted.headers or {}
            if call.method.startswith("response_url:") or call.method == "upload":
                return 200, None, {}
            return 200, self._reply(call.method, call.body), {}

    def _reply(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return AUTH_TEST
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", **(_json_value(body.get("view")) or {})}}
        if method == "chat.postMessage":
            return self._post(body)
        if method == "conversations.history":
            return self._history(body)
        if method == "files.getUploadURLExternal":
            return self._upload_url(body)
        if method == "files.completeUploadExternal":
            return self._complete(body)
        return {"ok": True}

    def _upload_url(self, body: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F0CHART{len(self._uploads) + 1:04d}"
        self._uploads[file_id] = {
            "filename": body.get("filename"),
            "length": int(body.get("length") or 0),
            "alt_txt": body.get("alt_txt"),
            "bytes": None,
        }
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}

    def _received(self, file_id: str, data: bytes) -> None:
        with self._lock:
            if file_id in self._uploads:
                self._uploads[file_id]["bytes"] = data

    def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        done = []
        for item in _json_value(body.get("files")) or []:
            upload = self._uploads.get(item.get("id"))
            if upload is None or upload["bytes"] is None:
                return {"ok": False, "error": "file_upload_not_completed"}
            if len(upload["bytes"]) != upload["length"]:
                return {"ok": False, "error": "file_size_mismatch"}
            self.files[item["id"]] = {**upload, "id": item["id"], "title": item.get("title")}
            done.append({"id": item["id"], "title": item.get("title"), "name": upload["filename"]})
        return {"ok": True, "files": done}

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message = {
            "type": "message",
            "ts": ts,
            "channel": body.get("channel"),
            "text": body.get("text", ""),
            "blocks": _json_value(body.get("blocks")) or [],
            "metadata": _json_value(body.get("metadata")),
        }
        self.messages.append(message)
        return {"ok": True, "channel": message["channel"], "ts": ts, "message": message}

    def _history(self, body: dict[str, Any]) -> dict[str, Any]:
        oldest = float(body.get("oldest") or 0)
        limit = int(body.get("limit") or 100)
        start = int(body.get("cursor") or 0)
        with_metadata = str(body.get("include_all_metadata", "")).lower() in {"1", "true"}
        found = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in reversed(self.messages)
            if m["channel"] == body.get("channel") and float(m["ts"]) >= oldest
        ]
        page = found[start : start + limit]
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    # Test controls ----------------------------------------------------------------------------
    def start(self) -> MockSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (again is harmless: a test may stop it early to drop connections)."""
        if self._stopped:
            return
        self._stopped = True
        for event in self._holds.values():
            event.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def script(self, method: str, *replies: Scripted) -> None:
        with self._lock:
            self._scripts.setdefault(method, []).extend(replies)

    def hold(self, method: str) -> threading.Event:
        """Keep calls to ``method`` waiting (unanswered) until the returned event is set."""
        event = self._holds[method] = threading.Event()
        return event

    def release(self, method: str) -> None:
        """Let held calls to ``method`` go (unanswered) and answer later ones as usual."""
        event = self._holds.pop(method, None)
        if event is not None:
            event.set()

    def calls_to(self, method: str) -> list[Recorded]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def count(self, method: str) -> int:
        return len(self.calls_to(method))

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages posted with chat.postMessage, oldest first."""
        with self._lock:
            return [m for m in self.messages if channel is None or m["channel"] == channel]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """Poll (in 5 ms steps) until ``count`` calls to ``method`` arrived; lazy listeners are async."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.005)


def web_client(mock: MockSlack) -> WebClient:
    """The bot's Web API client pointed at ``mock``, retrying at once instead of after a wait."""
    handlers = retry_handlers(interval=FixedValueRetryIntervalCalculator(0), sleep=lambda _: None)
    return create_web_client(BOT_TOKEN, mock.url, handlers=handlers)


# ---- requests as Slack sends them ----


def signed_headers(
    body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET, content_type: str = ""
) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 over ``v0:<timestamp>:<body>`` with the signing secret."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "content-type": content_type or "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": f"v0={digest}",
    }


_triggers = itertools.count(1)


def slash_command_fields(
    text: str,
    response_url: str,
    user_id: str = "U0ASKER",
    channel_id: str = "C0BOARD",
    trigger_id: str | None = None,
) -> dict[str, str]:
    """Exactly the fields Slack posts for a slash command, with its escaping already applied.

    Each call is a new invocation with a trigger id of its own, as in Slack, unless
    ``trigger_id`` repeats one (a replay).
    """
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "board",
        "channel_id": channel_id,
        "channel_name": "programme-board",
        "user_id": user_id,
        "user_name": "ann.asker",
        "command": "/cyps",
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or f"13345224609.738474920.{next(_triggers):031x}",
    }


def all_text(message: dict[str, Any]) -> str:
    """Everything a message shows, blocks and fallback text, for asserting on content."""
    return json.dumps(message.get("blocks", []), ensure_ascii=False) + message.get("text", "")


def slash_command_body(text: str, response_url: str, **who: str | None) -> str:
    return urlencode(slash_command_fields(text, response_url, **who))


def block_actions_payload(
    action_id: str,
    value: str,
    response_url: str,
    user_id: str = "U0ASKER",
    channel_id: str = "C0BOARD",
) -> dict[str, Any]:
    """A button click on an ephemeral message, as Slack sends it (no ``message`` for ephemerals)."""
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": "ann.asker", "name": "ann.asker", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000200",
            "channel_id": channel_id,
            "is_ephemeral": True,
        },
        "trigger_id": "13345224609.738474920.8088930838d88f008e1",
        "team": {"id": TEAM_ID, "domain": "board"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "programme-board"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "share",
                "text": {"type": "plain_text", "text": "Share in channel"},
                "value": value,
                "type": "button",
                "action_ts": "1700000001.000300",
            }
        ],
    }


def block_actions_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any]) -> str:
    """An Events API ``event_callback`` envelope around ``event``."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": "Ev0HOME",
            "event_time": 1700000000,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": "U0CYPSBOT",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
    )


def app_home_opened(
    user_id: str = "U0ASKER", channel_id: str = "D0HOME", tab: str = "home"
) -> dict:
    return {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": "1700000000.000400",
    }


# ---- Block Kit checks ----

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
# Slack rejects messages whose blocks carry about 13,200 characters (msg_blocks_too_long,
# slackapi/bolt-js#2509) although no such limit is documented; the documented text cap is 40,000.
MAX_BLOCK_TEXT = 12_000
MAX_MESSAGE_JSON = 40_000
_RAW_MARKUP = re.compile(r"<(?![@#!][A-Za-z0-9^|]+>)")
_BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


def _texts(value: Any, path: str = "") -> list[tuple[str, str, str]]:
    """(path, text type, text) for every text object under ``value``."""
    found: list[tuple[str, str, str]] = []
    if isinstance(value, dict):
        if isinstance(value.get("text"), str) and value.get("type") in {"mrkdwn", "plain_text"}:
            found.append((path, value["type"], value["text"]))
        for key, child in value.items():
            found.extend(_texts(child, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_texts(child, f"{path}[{index}]"))
    return found


def _block_problems(block: dict[str, Any], where: str) -> list[str]:
    problems = []
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return [f"{where}: unknown block type {block.get('type')!r}"]
        if parsed.to_dict() != block:
            problems.append(f"{where}: slack-sdk drops or changes fields: {block}")
    except SlackObjectFormationError as error:
        problems.append(f"{where}: {error}")
    kind = block.get("type")
    if kind == "header":
        text = block["text"]["text"]
        if not text.strip() or len(text) > 150:
            problems.append(f"{where}: header text must be 1-150 characters, is {len(text)}")
    if kind == "section":
        text = (block.get("text") or {}).get("text", "")
        fields = block.get("fields") or []
        if not text.strip() and not fields:
            problems.append(f"{where}: empty section")
        if len(text) > 3000:
            problems.append(f"{where}: section text {len(text)} > 3000")
        if len(fields) > 10 or any(len(f["text"]) > 2000 for f in fields):
            problems.append(f"{where}: more than 10 fields or a field over 2000")
    if kind == "context" and not 1 <= len(block["elements"]) <= 10:
        problems.append(f"{where}: context needs 1-10 elements")
    if kind == "actions":
        elements = block["elements"]
        if not 1 <= len(elements) <= 25:
            problems.append(f"{where}: actions needs 1-25 elements")
        for element in elements:
            if len(element.get("value", "")) > 2000 or len(element["text"]["text"]) > 75:
                problems.append(f"{where}: button value over 2000 or label over 75")
    for path, kind_of_text, text in _texts(block):
        if kind_of_text == "mrkdwn":
            if text.count("```") % 2:
                problems.append(f"{where}{path}: an unclosed code block")
            if _RAW_MARKUP.search(text) or _BARE_AMPERSAND.search(text):
                problems.append(f"{where}{path}: unescaped & < or > in mrkdwn: {text[:80]!r}")
    return problems


def block_kit_problems(message: dict[str, Any], surface: str = "message") -> list[str]:
    """Everything Slack would reject (or we promise not to send) in a message or a Home view."""
    problems: list[str] = []
    blocks = message.get("blocks") or []
    if surface == "message":
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append("no text fallback")
        elif _RAW_MARKUP.search(text) or _BARE_AMPERSAND.search(text):
            problems.append(f"unescaped & < or > in the text fallback: {text[:80]!r}")
        if len(blocks) > MAX_MESSAGE_BLOCKS:
            problems.append(f"{len(blocks)} blocks > {MAX_MESSAGE_BLOCKS}")
        if len(json.dumps(message, ensure_ascii=False)) > MAX_MESSAGE_JSON:
            problems.append("message over 40,000 characters")
    else:
        try:
            View(**message).to_dict()
        except SlackObjectFormationError as error:
            problems.append(f"view: {error}")
        if len(blocks) > MAX_VIEW_BLOCKS:
            problems.append(f"{len(blocks)} blocks > {MAX_VIEW_BLOCKS}")
    total = sum(len(text) for _, _, text in _texts(blocks))
    if surface == "message" and total > MAX_BLOCK_TEXT:
        problems.append(f"blocks carry {total:,} characters > {MAX_BLOCK_TEXT:,}")
    for index, block in enumerate(blocks):
        problems.extend(_block_problems(block, f"blocks[{index}]"))
    return problems


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


# ---- the app under test ----


def board_services(engine: Any, today: date, button_key: bytes | None = None) -> Services:
    """The services a board's bot runs with, its clock pinned: U0ADMIN is the one admin.
    ``button_key`` signs the buttons' values (a fresh one unless given)."""
    services = Services(
        engine=engine,
        today=lambda: today,
        now=lambda: datetime(today.year, today.month, today.day, 9, 30, tzinfo=LONDON),
        admins=frozenset({"U0ADMIN"}),
    )
    return replace(services, button_key=button_key) if button_key else services


def bolt_app(mock: MockSlack, services: Services) -> App:
    """The real Bolt app, talking to ``mock`` with retries that do not wait."""
    return create_app(services, web_client(mock), signing_secret=SIGNING_SECRET)
