"""Wiring the reminders: settings from the environment, the state DB, Slack and the real clock.

``open_desk`` is what the engine and the CLI use to see and edit the plan; ``open_service``
adds delivery and the scheduler, for the one process that posts (``cyps bot`` in Slack mode, or
``cyps reminders run``). A second process that posts by mistake is harmless: the ledger allows
each reminder one post.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from bot.reminder_blocks import render_reminder
from bot.slack.poster import SlackPoster
from knowledge.overlay import MilestoneEdits
from knowledge.queries import KnowledgeBase
from knowledge.statedb import connect_state
from knowledge.tracking import TrackingStore
from scheduler.config import ReminderConfig
from scheduler.delivery import Delivery
from scheduler.desk import SchedulerDesk
from scheduler.poster import Poster
from scheduler.service import ReminderService
from scheduler.store import Ledger, ReminderTargets


def system_clock() -> datetime:
    """The real time; everything below takes a clock so tests can pass their own."""
    return datetime.now(UTC)


def process_name() -> str:
    """Who holds a claim in the ledger: host, pid and a random tag (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def open_desk(
    kb: KnowledgeBase, edits: MilestoneEdits, state_path: Path, config: ReminderConfig
) -> SchedulerDesk:
    targets = ReminderTargets(connect_state(state_path))
    ledger = Ledger(connect_state(state_path), owner=process_name())
    return SchedulerDesk(kb, edits, targets, config.policy, ledger)


def open_service(
    desk: SchedulerDesk,
    state_path: Path,
    config: ReminderConfig,
    poster: Poster | None = None,
    clock: Callable[[], datetime] = system_clock,
    sleep: Callable[[float], None] = time.sleep,
) -> ReminderService:
    """The scheduler with delivery to Slack (or to ``poster``), not yet started."""
    if poster is None:
        if not config.token:
            raise ValueError("SLACK_BOT_TOKEN is not set: reminders need it to post to Slack")
        poster = SlackPoster.connect(config.token, config.api_base_url)
    ledger = Ledger(connect_state(state_path), owner=process_name())
    delivery = Delivery(
        desk.kb,
        ledger,
        poster,
        clock,
        render=render_reminder,
        grace=config.grace,
        attempts=config.attempts,
        backoff=config.backoff,
        sleep=sleep,
        tracking=TrackingStore(state_path),
    )
    return ReminderService(desk, delivery, clock, poll=config.poll)


def reminder_config(env: Mapping[str, str]) -> ReminderConfig:
    return ReminderConfig.from_env(env)
