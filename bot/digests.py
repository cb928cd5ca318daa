"""What a scheduled digest says: the engine's ``digest`` answer for the run's programme (or
every programme), counting changes from the last digest of the same schedule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.render_text import render_text
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine
from scheduler.delivery import Message
from scheduler.digest_delivery import Compose
from scheduler.digests import DigestRun

DIGEST_USER = "cyps-digest"


def ask_digest(
    engine: Engine, run: DigestRun, now: datetime, since: datetime | None, tz: ZoneInfo
) -> Answer:
    """The digest as of ``now`` in the board's zone. A digest of every programme is asked
    outside any channel, so a channel's default programme (``use``) does not narrow it."""
    text = "digest" + (f" since {since.isoformat()}" if since else "")
    context = Context(
        today=now.astimezone(tz).date(),
        channel_id=run.channel if run.scope else "",
        user_id=DIGEST_USER,
        programme=run.scope,
        now=now,
        via="scheduler",
    )
    return engine.answer(text, context)


def plain_composer(engine: Engine, tz: ZoneInfo) -> Compose:
    """Text only, with the run's key (for a poster that is not Slack: tests, benchmarks)."""

    def compose(run: DigestRun, now: datetime, since: datetime | None) -> Message:
        answer = ask_digest(engine, run, now, since, tz)
        return f"{render_text(answer)}\n(cyps digest {run.key})", []

    return compose
