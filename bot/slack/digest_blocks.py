"""A scheduled digest as Block Kit: the engine's answer, its savings charts uploaded and shown
by image blocks, and a line carrying the run's key (also in the message metadata), so after a
crash its post can be found in the channel's history."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.digests import ask_digest
from bot.slack.blocks import escape, fallback_text, render_blocks
from bot.slack.charts import ChartImages
from commands.engine import Engine
from scheduler.delivery import Message
from scheduler.digest_delivery import Compose
from scheduler.digests import DigestRun


def slack_digest_composer(
    engine: Engine, charts: ChartImages, client: WebClient, tz: ZoneInfo
) -> Compose:
    def compose(run: DigestRun, now: datetime, since: datetime | None) -> Message:
        answer = ask_digest(engine, run, now, since, tz)
        reference = {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"cyps board digest · ref `{escape(run.key)}`"
                    " · `/cyps digest` shows it any time",
                }
            ],
        }
        images = charts.blocks(client, answer.charts)
        return fallback_text(answer), render_blocks(answer, extra=[*images, reference])

    return compose
