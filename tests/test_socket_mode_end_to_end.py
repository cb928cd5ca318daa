"""Socket Mode, the default, for real: ``cyps bot`` as a process opens a websocket to a local
Socket Mode endpoint (found through ``apps.connections.open`` on the local Web API), receives
slash-command envelopes and sends each answer back on the socket as the envelope's payload;
after ``cyps kb build`` it answers from the new build without a restart."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_support import MockSlack, Scripted, all_text, slash_command_fields
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from knowledge.build import build_knowledge_base
from knowledge.source_files import DEFAULT_SOURCES_DIR


class SocketModeEndpoint:
    """Plays Slack's side of a Socket Mode connection: says hello, sends each queued envelope,
    and keeps what the bot sends back."""

    def __init__(self) -> None:
        self.envelopes: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connections = 0
        self._server: Server = serve(self._handle, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=test"

    def _handle(self, connection: ServerConnection) -> None:
        self.connections += 1
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        try:
            while True:
                with contextlib.suppress(queue.Empty):
                    connection.send(json.dumps(self.envelopes.get(timeout=0.05)))
                try:
                    message = connection.recv(timeout=0.05)
                except TimeoutError:
                    continue
                self.received.put(json.loads(message))
        except ConnectionClosed:
            return

    def stop(self) -> None:
        self._server.shutdown()


@pytest.fixture
def endpoint() -> Iterator[SocketModeEndpoint]:
    server = SocketModeEndpoint()
    yield server
    server.stop()


@pytest.fixture
def bot_env(
    tmp_path: Path, kb_path: Path, mock: MockSlack, endpoint: SocketModeEndpoint
) -> dict[str, str]:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    for _ in range(5):  # one per (re)connection the client may make
        mock.script("apps.connections.open", Scripted(body={"ok": True, "url": endpoint.url}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CYPS_"))}
    return {
        **env,
        "CYPS_HOME": str(tmp_path),
        "CYPS_TODAY": "2014-10-01",
        "SLACK_BOT_TOKEN": "xoxb-socket-test",
        "SLACK_APP_TOKEN": "xapp-socket-test",
        "SLACK_API_BASE_URL": mock.url,
    }


def envelope(envelope_id: str, text: str, response_url: str) -> dict[str, Any]:
    return {
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": slash_command_fields(text, response_url),
    }


def test_cyps_bot_answers_a_slash_command_over_a_real_socket_mode_connection(
    tmp_path: Path, bot_env: dict[str, str], mock: MockSlack, endpoint: SocketModeEndpoint
) -> None:
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "bot"],
        env=bot_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def ask(envelope_id: str, text: str) -> dict[str, Any]:
        endpoint.envelopes.put(envelope(envelope_id, text, mock.response_url()))
        try:
            reply = endpoint.received.get(timeout=30)
        except queue.Empty:
            bot.kill()
            raise AssertionError(
                "no reply on the socket; the bot said:\n" + bot.communicate()[1]
            ) from None
        assert reply["envelope_id"] == envelope_id
        return dict(reply["payload"])

    try:
        replies = {"env-1": ask("env-1", "savings 1.6"), "env-2": ask("env-2", "savings 9.9")}
        # `cyps kb build` while the bot runs: it answers from the new build without a restart
        rebuilt_sources = tmp_path / "sources"
        shutil.copytree(DEFAULT_SOURCES_DIR, rebuilt_sources)
        mtfs = rebuilt_sources / "haringey-mtfs-2017.toml"
        mtfs.write_text(mtfs.read_text().replace("values = [150, 148,", "values = [175, 148,"))
        build_knowledge_base(tmp_path / "knowledge.db", rebuilt_sources)
        deadline = time.monotonic() + 15
        rebuilt = ask("env-3", "savings 1.6")
        while "£175k" not in all_text(rebuilt) and time.monotonic() < deadline:
            time.sleep(0.2)
            rebuilt = ask(f"env-{time.monotonic_ns()}", "savings 1.6")
    finally:
        bot.terminate()
        bot.wait(timeout=15)
    assert "+£175k" in all_text(rebuilt)  # the 2017-18 field
    found, missing = replies["env-1"], replies["env-2"]
    assert found["response_type"] == "ephemeral"
    assert "£608k" in all_text(found) and "Share in channel" in all_text(found)
    assert "9.9" in all_text(missing) and "£608k" not in all_text(missing)
    opened = mock.calls_to("apps.connections.open")
    assert opened and opened[0].headers.get("Authorization") == "Bearer xapp-socket-test"
    assert endpoint.connections >= 1
