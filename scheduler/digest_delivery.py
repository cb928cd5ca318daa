"""Posting the scheduled digest through the same ledger and retry rules as reminders, and the
cron jobs that fire it on time. What a digest says comes from the bot (the engine's ``digest``
answer, laid out for Slack with its charts), handed in as ``compose``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.base import BaseScheduler

from scheduler.delivery import Clock, LedgerDelivery, Message, Outcome
from scheduler.digests import DigestRun, StoredDigestSystem, key_prefix, trigger
from scheduler.ledger import Ledger
from scheduler.poster import Poster

log = logging.getLogger(__name__)

# (the run, now, when the last digest of the same schedule went, if ever) -> the message
Compose = Callable[[DigestRun, datetime, datetime | None], Message]
JOB_PREFIX = "digest:"


class DigestDelivery(LedgerDelivery[DigestRun]):
    noun = "digest"
    expired = "a later digest was due"

    def __init__(
        self,
        ledger: Ledger,
        poster: Poster,
        clock: Clock,
        compose: Compose,
        grace: timedelta = timedelta(hours=12),
        attempts: int = 5,
        backoff: timedelta = timedelta(seconds=1),
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__(ledger, poster, clock, grace, attempts, backoff, sleep=sleep)
        self._compose = compose

    def compose(self, item: DigestRun, cache: dict[Any, Any]) -> Message:
        """Changes are counted from the last digest posted on the same schedule."""
        last = self.ledger.last_sent(key_prefix(item.programme_id, item.channel))
        since = last.due if last is not None and last.due < item.due else None
        return self._compose(item, self.clock(), since)


class DigestSchedule:
    """A cron job per digest setting fires it on time; ``sweep`` is the catch-up behind them."""

    def __init__(self, system: StoredDigestSystem, delivery: DigestDelivery):
        self.system = system
        self.delivery = delivery

    def version(self) -> int:
        return self.system.version()

    def sweep(self) -> list[Outcome]:
        """Post every digest due within the grace period and not yet posted."""
        runs = self.system.due_runs(self.delivery.clock(), self.delivery.grace)
        return self.delivery.sweep(runs)

    def schedule(self, scheduler: BaseScheduler) -> int:
        """One cron job per setting (replacing the last plan's); how many."""
        settings = self.system.settings()
        wanted = {f"{JOB_PREFIX}{s.programme_id}/{s.channel_id}": s for s in settings}
        for job in scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id not in wanted:
                job.remove()
        for job_id, setting in wanted.items():
            scheduler.add_job(
                self._fire,
                trigger(setting.cron, self.system.config),
                id=job_id,
                name=job_id,
                replace_existing=True,
                misfire_grace_time=None,  # lateness is judged by delivery's grace period
                coalesce=True,
            )
        return len(wanted)

    def _fire(self) -> None:
        try:
            for outcome in self.sweep():
                log.info("digest %s: %s %s", outcome.key, outcome.status, outcome.detail)
        except Exception:
            log.exception("digest failed; the next poll will look at it again")
