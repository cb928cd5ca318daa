"""The scheduled digest from a real process (``cyps bot --http``) against the local fake Slack,
on real time: CYPS_DIGEST_AT names the current minute, so the digest is due as the bot starts
(within the grace period) and nothing waits for time to pass. The first bot is killed with
SIGKILL between claiming the digest and posting it; the restart takes the dead process's
claim, looks in the channel's history, and posts once through a Slack 500; a third start
posts nothing more."""

from __future__ import annotations

import os
import shutil
import signal
from datetime import datetime
from pathlib import Path

from slack_support import MockSlack, Scripted, block_kit_problems, wait_until
from test_reminders_end_to_end import Bot, ledger_status, slack  # noqa: F401 (a fixture)

from knowledge.dates import LONDON

CHANNEL = "C0DIGEST"


def test_digest_reaches_the_channel_once_through_a_kill_a_500_and_restarts(
    slack: MockSlack,  # noqa: F811
    kb_path: Path,
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(kb_path, home / "knowledge.db")
    now = datetime.now(LONDON)
    key = f"digest/*/{CHANNEL}@{now:%Y-%m-%dT%H:%M}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CYPS_", "SLACK_"))},
        "CYPS_HOME": str(home),
        "SLACK_BOT_TOKEN": "xoxb-test-bot-token",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_BASE_URL": slack.url,
        "CYPS_DIGEST_CHANNEL": CHANNEL,
        "CYPS_DIGEST_AT": f"{now.minute} {now.hour} * * *",
        "CYPS_REMINDER_POLL": "1s",
        "CYPS_REMINDER_BACKOFF": "0s",
    }
    slack.hold("files.getUploadURLExternal")  # the first bot stops there: claimed, not posted
    slack.script("chat.postMessage", Scripted(500))

    first = Bot(env, tmp_path)
    try:
        assert wait_until(lambda: slack.count("files.getUploadURLExternal") >= 1, timeout=30), (
            "\n".join(first.lines)
        )
        assert (key, "claimed") in ledger_status(home / "state.db")
    finally:
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    slack.release("files.getUploadURLExternal")
    assert slack.count("chat.postMessage") == 0

    second = Bot(env, tmp_path)
    try:
        second.wait_for(f"digest {key} posted to {CHANNEL}")
        assert (key, "sent") in ledger_status(home / "state.db")
    finally:
        assert second.stop(signal.SIGKILL) == -signal.SIGKILL

    (message,) = slack.posted(CHANNEL)
    assert message["metadata"]["event_payload"]["key"] == key
    assert message["blocks"][0]["text"]["text"].startswith("*Board digest - every programme")
    shown = [b["slack_file"]["id"] for b in message["blocks"] if b["type"] == "image"]
    assert len(shown) == 5 and set(shown) <= set(slack.files)  # each savings chart, uploaded
    assert block_kit_problems(message) == []
    assert slack.count("chat.postMessage") == 2  # the 500, then the post
    assert slack.count("conversations.history") == 2  # after taking the claim, and after the 500

    third = Bot(env, tmp_path)
    try:
        third.wait_for("caught up after start: 0 posted")
    finally:
        assert third.stop(signal.SIGINT) == 0
    assert len(slack.posted()) == 1 and slack.count("chat.postMessage") == 2
