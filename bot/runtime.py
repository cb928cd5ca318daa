"""Wiring shared by every face: settings, the knowledge base, the state store and the clock."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.reminders import open_desk
from bot.settings import Paths
from commands.engine import Engine
from knowledge.build import ensure_knowledge_base
from knowledge.dates import LONDON
from knowledge.overlay import MilestoneEdits
from knowledge.queries import KnowledgeBase
from knowledge.source_files import SourceError
from knowledge.state import StateStore
from knowledge.statedb import StateWatch
from knowledge.tracking import TrackingStore
from scheduler.config import ReminderConfig, ReminderConfigError
from scheduler.desk import SchedulerDesk

log = logging.getLogger(__name__)


class ConfigError(Exception):
    """A setting is missing or unreadable; the message names it and says how to fix it."""


def today_in_london(env: Mapping[str, str] | None = None, now: datetime | None = None) -> date:
    """Today in Europe/London, unless ``CYPS_TODAY`` pins a date (for demos)."""
    env = os.environ if env is None else env
    pinned = env.get("CYPS_TODAY", "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise ConfigError(f'CYPS_TODAY="{pinned}" is not a date: use YYYY-MM-DD') from None
    return (now or datetime.now(LONDON)).astimezone(LONDON).date()


def now_in_london() -> datetime:
    """The moment of a write, for the change log (aware, Europe/London)."""
    return datetime.now(LONDON)


def open_knowledge_base(paths: Paths) -> bool:
    """Rebuild the knowledge base when its source files changed. If they no longer validate,
    keep answering from the last good build and say why; with no build at all, stop with the
    problems listed. True when it rebuilt."""
    try:
        return ensure_knowledge_base(paths.db, paths.sources)
    except SourceError as error:
        listed = "\n".join(f"  {problem}" for problem in error.problems[:20])
        if not paths.db.exists():
            raise ConfigError(
                f"the programme files have problems (run cyps kb check):\n{listed}"
            ) from None
        log.warning(
            "programme files have %d problem(s); using the last good build", len(error.problems)
        )
        print(
            f"cyps: the programme files have {len(error.problems)} problem(s) (run `cyps kb check`); "
            f"answering from the last good build in {paths.db}",
            file=sys.stderr,
        )
        return False


# How stale the running bot's view of state.db may be for a change made by another process
# (`cyps import` while it runs, say); its own changes show at once.
STATE_MAX_AGE_SECONDS = 0.5


@dataclass
class Runtime:
    paths: Paths
    engine: Engine
    state: StateStore
    tracking: TrackingStore
    rebuilt: bool
    reminders: SchedulerDesk | None = None
    reminder_config: ReminderConfig | None = None

    @classmethod
    def start(cls, env: Mapping[str, str] | None = None) -> Runtime:
        """Build the knowledge base if it is missing or stale, then open everything."""
        paths = Paths.from_env(env)
        rebuilt = open_knowledge_base(paths)
        try:
            reminder_config = ReminderConfig.from_env(os.environ if env is None else env)
        except ReminderConfigError as error:
            raise ConfigError(str(error)) from None
        # One watch for the stores an answer reads: answers run no query for the bot's own data,
        # and a change another process commits shows within STATE_MAX_AGE_SECONDS.
        watch = StateWatch.open(paths.state, max_age=STATE_MAX_AGE_SECONDS, clock=time.monotonic)
        edits = MilestoneEdits.open(paths.state, watch)  # added and re-dated milestones survive
        kb = KnowledgeBase.open(paths.db, overlay=edits)
        reminders = open_desk(kb, edits, paths.state, reminder_config)
        state = StateStore(paths.state, watch)
        tracking = TrackingStore(paths.state, watch)
        return cls(
            paths=paths,
            engine=Engine(kb, state, tracking, reminders),
            state=state,
            tracking=tracking,
            rebuilt=rebuilt,
            reminders=reminders,
            reminder_config=reminder_config,
        )
