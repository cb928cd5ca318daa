"""The running pieces, built in one place: the CLI, the shell, ``cyps bot``, the gunicorn
entry point, the benchmarks and the tests all ask ``Runtime.start`` (as svcs' registry is the
one place that knows how each service is made).

``start`` opens what every face needs (the knowledge base, rebuilt when its files changed;
``state.db`` and its stores; the engine). What only a long-running bot needs is started on
request: the reminder scheduler (``start_reminders``) and the thread that follows
``cyps kb build`` (``follow_rebuilds``). Slack-only code, APScheduler and the scheduler's
delivery are imported only there, and the knowledge-base build only when one is due, so a
one-off ``cyps ask`` does not pay for them.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import system_clock, today_in_london
from bot.deferred import deferred
from bot.heap import settle
from bot.settings import ConfigError, EnvFileError, Paths, load_environment
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.freshness import is_current
from knowledge.queries import KnowledgeBase
from knowledge.state.channel_defaults import ChannelDefaults
from knowledge.state.connection import StateDB, StateFileError
from knowledge.state.milestone_edits import MilestoneEdits

if TYPE_CHECKING:  # the stores made on first use, and what only posting reminders needs
    from apscheduler.schedulers.base import BaseScheduler

    from bot.kb_watch import KnowledgeBaseWatcher
    from knowledge.state.change_log import ChangeLog
    from knowledge.state.papers import PaperStore
    from knowledge.state.tracking import Tracking
    from scheduler.config import DigestConfig, ReminderConfig
    from scheduler.digest_delivery import Compose
    from scheduler.digests import StoredDigestSystem
    from scheduler.poster import Poster
    from scheduler.scheduling import ReminderScheduler
    from scheduler.system import StoredReminderSystem

log = logging.getLogger(__name__)

# How stale the running bot's view of state.db may be for a change made by another process
# (`cyps import` while it runs, say); its own changes show at once.
STATE_MAX_AGE_SECONDS = 0.5
OFF = {"off", "0", "false", "no"}
# The settings of the reminder and digest schedule that can be wrong (the Slack token and API
# address are taken as given); see ``schedule_settings``.
SCHEDULE_PREFIXES = ("CYPS_REMINDER_", "CYPS_DIGEST_")
SCHEDULE_NAMES = ("CYPS_TZ",)


def open_knowledge_base(paths: Paths) -> bool:
    """Rebuild the knowledge base when its source files changed. If they no longer validate,
    keep answering from the last good build and say why; with no build at all, stop with the
    problems listed. True when it rebuilt.

    The build and the programme files' models are imported only when a build is due, so a
    start with a current build (nearly every ``cyps ask``) does not pay for them.
    """
    if is_current(paths.db, paths.sources):
        return False
    from knowledge.build import build_knowledge_base
    from knowledge.source_files import SourceError

    try:
        build_knowledge_base(paths.db, paths.sources)
        return True
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


def open_state(path: Path, monotonic: Callable[[], float]) -> StateDB:
    """``state.db``, or a ConfigError that names the file and how to put a backup back."""
    try:
        return StateDB.open(path, max_age=STATE_MAX_AGE_SECONDS, clock=monotonic)
    except StateFileError as error:
        raise ConfigError(
            f"{error.path} {error.reason}.\n"
            "  That file is where the bot keeps its own records (tracking, the change log,\n"
            "  channel defaults, reminders), so the bot will not start a new one on top of it.\n"
            "  To restore a backup made with `cyps backup`: stop the bot, copy the backup over\n"
            f"  {error.path}, and start the bot again (move the damaged file aside first if you\n"
            "  may need it). If it never held anything, delete it and a new one is made."
        ) from None


def host_name() -> str:
    """This machine's name, as ``socket.gethostname`` gives it (without importing socket,
    which every start would pay for: only Slack and the ledger's owner need the name)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def process_name() -> str:
    """Who holds a claim in the reminder ledger: host, pid and a random tag (pids are reused)."""
    import secrets

    return f"{host_name()}:{os.getpid()}:{secrets.token_hex(3)}"


def process_gone(owner: str) -> bool:
    """Whether a ledger claim's owner (``process_name``) was a process on this host that no
    longer runs, so its claim can be taken over at once after a crash. A process elsewhere,
    or one whose id is alive again, is never assumed gone."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != host_name() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def read_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` as given, or the process environment with ``./.env`` filling in what it leaves
    unset; a bad ``.env`` line is a ConfigError naming the file and line."""
    if env is not None:
        return dict(env)
    try:
        return load_environment(os.environ, Path(".env"))
    except EnvFileError as error:
        raise ConfigError(str(error)) from None


def sets_schedule(env: Mapping[str, str]) -> bool:
    """Whether ``env`` sets any reminder or digest setting (to something other than blank)."""
    return any(
        value.strip()
        for name, value in env.items()
        if name.startswith(SCHEDULE_PREFIXES) or name in SCHEDULE_NAMES
    )


def schedule_settings(env: Mapping[str, str]) -> tuple[ReminderConfig, DigestConfig]:
    """The reminder and digest settings, or a ConfigError naming the one that cannot be read."""
    from scheduler.config import DigestConfig, ReminderConfig, ReminderConfigError

    try:
        reminder_config = ReminderConfig.from_env(env)
        return reminder_config, DigestConfig.from_env(env, reminder_config.policy.tz)
    except ReminderConfigError as error:
        raise ConfigError(str(error)) from None


def _reminder_system(
    state: StateDB, kb: KnowledgeBase, edits: MilestoneEdits, config: ReminderConfig
) -> StoredReminderSystem:
    from scheduler.ledger import Ledger
    from scheduler.system import StoredReminderSystem
    from scheduler.targets import ReminderTargets

    ledger = Ledger(state, owner=process_name())
    return StoredReminderSystem(kb, edits, ReminderTargets(state), config.policy, ledger)


def _digest_system(state: StateDB, config: DigestConfig) -> StoredDigestSystem:
    from scheduler.digest_targets import DigestTargets
    from scheduler.digests import StoredDigestSystem
    from scheduler.ledger import Ledger

    ledger = Ledger(state, owner=process_name())
    return StoredDigestSystem(DigestTargets(state), config, ledger, system_clock)


def _tracking(state: StateDB) -> Tracking:
    from knowledge.state.tracking import Tracking

    return Tracking(state)


def _change_log(state: StateDB) -> ChangeLog:
    from knowledge.state.change_log import ChangeLog

    return ChangeLog(state)


def _papers(state: StateDB) -> PaperStore:
    from knowledge.state.papers import PaperStore

    return PaperStore(state)


@dataclass
class Runtime:
    """Everything a face may use; each face takes only the pieces it needs."""

    env: Mapping[str, str]
    paths: Paths
    rebuilt: bool
    state: StateDB
    kb: KnowledgeBase
    milestone_edits: MilestoneEdits
    channel_defaults: ChannelDefaults
    tracking: Tracking
    change_log: ChangeLog
    papers: PaperStore
    reminder_config: ReminderConfig
    reminders: StoredReminderSystem
    digest_config: DigestConfig
    digests: StoredDigestSystem
    engine: Engine

    @classmethod
    def start(
        cls, env: Mapping[str, str] | None = None, monotonic: Callable[[], float] = time.monotonic
    ) -> Runtime:
        """Check the settings, build the knowledge base if it is missing or stale, open the rest.

        ``monotonic`` times how often the bot re-checks ``state.db`` for other processes'
        changes (``STATE_MAX_AGE_SECONDS``). Raises ConfigError, naming the setting, for any
        setting that cannot be read.
        """
        env = read_environment(env)
        paths = Paths.from_env(env)
        today_in_london(env)  # a bad CYPS_TODAY fails here, at start
        if sets_schedule(env):  # a bad reminder or digest setting fails here too
            reminder_config, digest_config = schedule_settings(env)
        else:  # all defaults, so nothing to check: read on first use, as a question never does
            reminder_config = deferred(lambda: schedule_settings(env)[0])
            digest_config = deferred(lambda: schedule_settings(env)[1])
        rebuilt = open_knowledge_base(paths)
        state = open_state(paths.state, monotonic)
        edits = MilestoneEdits(state)  # added and re-dated milestones survive rebuilds
        kb = KnowledgeBase.open(paths.db, overlay=edits)
        defaults = ChannelDefaults(state)
        # The rest are made on first use (bot.deferred): a question that never touches the
        # reminder plan, the tracked figures or the added papers does not import their code.
        reminders = deferred(lambda: _reminder_system(state, kb, edits, reminder_config))
        digests = deferred(lambda: _digest_system(state, digest_config))
        tracking = deferred(lambda: _tracking(state))
        change_log = deferred(lambda: _change_log(state))
        papers = deferred(lambda: _papers(state))  # the board's added papers, kept through rebuilds
        engine = Engine(
            kb,
            default_registry(),
            preferences=defaults,
            tracking=tracking,
            change_log=change_log,
            reminders=reminders,
            digests=digests,
            papers=papers,
            state_version=state.watch.version,
        )
        return cls(
            env=env,
            paths=paths,
            rebuilt=rebuilt,
            state=state,
            kb=kb,
            milestone_edits=edits,
            channel_defaults=defaults,
            tracking=tracking,
            change_log=change_log,
            papers=papers,
            reminder_config=reminder_config,
            reminders=reminders,
            digest_config=digest_config,
            digests=digests,
            engine=engine,
        )

    def today(self) -> date:
        """Today for an answer: ``CYPS_TODAY`` if pinned, else today in Europe/London."""
        return today_in_london(self.env)

    def reminders_wanted(self) -> bool:
        """Whether this process should post reminders: on unless ``CYPS_REMINDERS=off``, and
        only with a Slack token to post with."""
        if self.env.get("CYPS_REMINDERS", "").strip().lower() in OFF:
            return False
        return bool(self.reminder_config.token)

    def reminder_scheduler(
        self,
        poster: Poster | None = None,
        clock: Callable[[], datetime] = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        apscheduler: BaseScheduler | None = None,
        compose_digest: Compose | None = None,
    ) -> ReminderScheduler:
        """The scheduler of reminders and digests with delivery to Slack (or to ``poster``,
        digests then worded by ``compose_digest`` or as text), not yet started; tests pass
        their own clock, sleep and (paused) APScheduler."""
        from bot.slack.reminder_blocks import render_reminder  # Slack code only when posting
        from scheduler.delivery import Delivery
        from scheduler.digest_delivery import DigestDelivery, DigestSchedule
        from scheduler.ledger import Ledger
        from scheduler.scheduling import ReminderScheduler

        tz = self.reminder_config.policy.tz
        if poster is None:
            from bot.slack.charts import ChartImages
            from bot.slack.digest_blocks import slack_digest_composer
            from bot.slack.poster import SlackPoster

            if not self.reminder_config.token:
                raise ConfigError("SLACK_BOT_TOKEN is not set: reminders need it to post to Slack")
            slack = SlackPoster.connect(
                self.reminder_config.token, self.reminder_config.api_base_url
            )
            poster = slack
            compose_digest = slack_digest_composer(self.engine, ChartImages(), slack.client, tz)
        if compose_digest is None:
            from bot.digests import plain_composer

            compose_digest = plain_composer(self.engine, tz)
        config = self.reminder_config
        ledger = Ledger(self.state, owner=process_name(), owner_gone=process_gone)
        delivery = Delivery(
            self.kb,
            ledger,
            poster,
            clock,
            render=render_reminder,
            grace=config.grace,
            attempts=config.attempts,
            backoff=config.backoff,
            sleep=sleep,
            tracking=self.tracking,
        )
        digests = DigestDelivery(
            ledger,
            poster,
            clock,
            compose_digest,
            grace=config.grace,
            attempts=config.attempts,
            backoff=config.backoff,
            sleep=sleep,
        )
        return ReminderScheduler(
            self.reminders,
            delivery,
            clock,
            poll=config.poll,
            scheduler=apscheduler,
            digests=DigestSchedule(self.digests, digests),
        )

    def start_reminders(self) -> ReminderScheduler | None:
        """Start posting reminders in this process; None when turned off (``CYPS_REMINDERS``)
        or when Slack is not configured. ``cyps bot``, gunicorn and ``cyps reminders run``."""
        if not self.reminders_wanted():
            log.info("reminders are not posted by this process (CYPS_REMINDERS or no token)")
            return None
        scheduler = self.reminder_scheduler()
        started = time.perf_counter()
        try:
            summary = scheduler.start()
            log.info(
                "reminders: %d planned, %d to come; scheduler started in %.0f ms",
                summary.planned,
                summary.scheduled,
                (time.perf_counter() - started) * 1000,
            )
            settle()  # the plan and its jobs live as long as the build: out of the collector's way
        except BaseException:  # stopped (Ctrl-C) while starting: leave nothing running
            scheduler.shutdown()
            raise
        return scheduler

    def follow_rebuilds(self) -> KnowledgeBaseWatcher:
        """A started thread that switches to a new ``cyps kb build`` while the bot runs, and
        warms each build's caches in the background: this one now, each new one once it is
        switched to (``Engine.warm``), so first questions do not wait for them; then sets
        them aside from garbage collection (``bot.heap.settle``)."""
        from bot.kb_watch import KnowledgeBaseWatcher

        threading.Thread(target=self.warm, name="cyps-warm", daemon=True).start()
        return KnowledgeBaseWatcher(self.kb, on_reload=self.warm).start()

    def warm(self) -> None:
        """Warm the build's caches, then keep the collector off them (``bot.heap``)."""
        self.engine.warm()
        settle()
