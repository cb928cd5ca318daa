"""The bot as a real process (``cyps bot --http``) against a local Slack-compatible server, on
real time: a milestone added from another process while the bot runs reaches the channel once,
through an HTTP 500; after SIGKILL and a restart nothing more is posted; the default knowledge
base's past milestones post nothing.

Nothing here waits for time to pass: the reminder falls due as the milestone is added, so the
bot's next poll (every second) posts it, and the test waits on what the bot says it did."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from slack_support import MockSlack, Scripted

from knowledge.dates import LONDON

CHANNEL = "C0BOARD"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Bot:
    """``cyps bot --http`` in a subprocess, with its log lines collected as they arrive."""

    def __init__(self, env: dict[str, str], cwd: Path):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "bot", "--http", "--port", str(free_port())],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if text in line]
            if found:
                return found[-1]
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} from the bot; it said:\n" + "\n".join(self.lines))

    def stop(self, sig: int) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=15)


def ledger_status(state: Path) -> list[tuple[str, str]]:
    if not state.exists():
        return []
    conn = sqlite3.connect(state, timeout=10)
    try:
        return conn.execute("select key, status from reminder_ledger").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


@pytest.fixture
def slack() -> Iterator[MockSlack]:
    server = MockSlack().start()
    yield server
    server.stop()


def test_reminder_reaches_the_channel_once_through_a_500_a_kill_and_a_restart(
    slack: MockSlack, kb_path: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(kb_path, home / "knowledge.db")
    # A milestone on a whole minute at least two minutes away, and a lead that makes its
    # reminder due now: whether the bot plans it a moment before or after it falls due, the
    # next poll posts it (a reminder late by less than the grace period still goes out once).
    now = datetime.now(LONDON)
    milestone = (now + timedelta(minutes=2)).replace(second=0, microsecond=0)
    lead = int((milestone - now).total_seconds())
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CYPS_", "SLACK_"))},
        "CYPS_HOME": str(home),
        "SLACK_BOT_TOKEN": "xoxb-test-bot-token",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_BASE_URL": slack.url,
        "CYPS_REMINDER_CHANNEL": CHANNEL,
        "CYPS_REMINDER_LEADS": f"{lead}s",
        "CYPS_REMINDER_POLL": "1s",
        "CYPS_REMINDER_BACKOFF": "0s",
    }
    slack.script("chat.postMessage", Scripted(500))

    bot = Bot(env, tmp_path)
    try:
        bot.wait_for("reminders: ")  # planned from the default knowledge base: all past
        added = subprocess.run(
            [
                *(sys.executable, "-m", "bot.cli", "milestone", "add"),
                *("--programme", "kent-0-25", "--kind", "gateway"),
                *("--date", milestone.strftime("%Y-%m-%dT%H:%M"), "--title", "End-to-end gateway"),
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert added.returncode == 0, added.stderr
        key = f"kent-0-25/end-to-end-gateway/{lead // 60}m@{milestone:%Y-%m-%dT%H:%M}"
        if lead % 60:
            key = f"kent-0-25/end-to-end-gateway/{lead}s@{milestone:%Y-%m-%dT%H:%M}"
        bot.wait_for(f"reminder {key} posted to {CHANNEL}")
        assert (key, "sent") in ledger_status(home / "state.db")
    finally:
        assert bot.stop(signal.SIGKILL) == -signal.SIGKILL

    (message,) = slack.posted()
    assert message["channel"] == CHANNEL
    assert message["metadata"]["event_payload"]["key"] == key
    assert message["blocks"][0]["text"]["text"].startswith("Gateway ")
    assert slack.count("chat.postMessage") == 2  # the 500, then the post
    assert slack.count("conversations.history") == 1  # a 500 may have posted: it looked first

    again = Bot(env, tmp_path)
    try:
        # The first sweep after a start is where a second post would happen: it delivers
        # everything due that the ledger does not show as settled.
        again.wait_for("caught up after start: 0 posted")
    finally:
        assert again.stop(signal.SIGINT) == 0  # Ctrl-C: the bot and its scheduler stop cleanly
    assert len(slack.posted()) == 1
    assert slack.count("chat.postMessage") == 2
