"""APScheduler decides when; the ledger decides whether. (For the scheduled digests too: a
``DigestSchedule`` beside the reminders puts a cron job on each digest schedule.)

One ``DateTrigger`` job per future reminder fires it on time. A poll job every few seconds
(``CYPS_REMINDER_POLL``) re-plans when the milestones or reminder targets changed, in this
process or another (a version number in the state DB), and otherwise sweeps for anything due
but unsettled: the catch-up after downtime and the safety net for a job that missed its time.
Jobs live in memory only; after a restart the plan is rebuilt from the knowledge base, and the
ledger remembers what was already posted.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.delivery import Delivery, Outcome
from scheduler.digest_delivery import DigestSchedule
from scheduler.planning import Reminder
from scheduler.system import StoredReminderSystem

log = logging.getLogger(__name__)

JOB_PREFIX = "reminder:"
POLL_JOB = "cyps-reminders-poll"


@dataclass(frozen=True)
class PlanSummary:
    planned: int
    scheduled: int
    outcomes: tuple[Outcome, ...] = field(default=())


class ReminderScheduler:
    """Keeps one APScheduler job per future reminder and a poll job; delivery does the posting."""

    def __init__(
        self,
        system: StoredReminderSystem,
        delivery: Delivery,
        clock: Callable[[], datetime],
        poll: timedelta = timedelta(seconds=30),
        scheduler: BaseScheduler | None = None,
        digests: DigestSchedule | None = None,
    ):
        self.system = system
        self.delivery = delivery
        self.digests = digests
        self.clock = clock
        self.poll = poll
        self.scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self._planned: dict[str, Reminder] = {}
        self._version: tuple[tuple[int, int, int], int] | None = None
        self._lock = threading.Lock()
        self._caught_up = False

    def _current_version(self) -> tuple[tuple[int, int, int], int]:
        return self.system.version(), self.digests.version() if self.digests else 0

    def _sweep(self, reminders: list[Reminder]) -> list[Outcome]:
        """Deliver the reminders and digests that are due and not yet posted."""
        outcomes = self.delivery.sweep(reminders)
        return outcomes + (self.digests.sweep() if self.digests else [])

    def replan(self, sweep: bool = True) -> PlanSummary:
        """Plan from the knowledge base, put a job on each future reminder (and a cron job on
        each digest schedule), then (optionally) deliver what is already due."""
        with self._lock:
            version = self._current_version()  # read first: a change while planning re-plans
            now = self.clock()
            reminders = self.system.plan()
            self._planned = {r.key: r for r in reminders}
            future = [r for r in reminders if r.due > now and r.channel]
            wanted = {JOB_PREFIX + r.key for r in future}
            for job in self.scheduler.get_jobs():
                if job.id.startswith(JOB_PREFIX) and job.id not in wanted:
                    job.remove()
            for reminder in future:
                self.scheduler.add_job(
                    self._fire,
                    DateTrigger(run_date=reminder.due),
                    args=(reminder.key,),
                    id=JOB_PREFIX + reminder.key,
                    name=reminder.key,
                    replace_existing=True,
                    misfire_grace_time=None,  # lateness is judged by delivery's grace period
                    coalesce=True,
                )
            digests = self.digests.schedule(self.scheduler) if self.digests else 0
            self._version = version
        log.info(
            "planned %d reminders, %d still to come; %d digest schedule(s)",
            len(reminders),
            len(future),
            digests,
        )
        outcomes = tuple(self._sweep(reminders)) if sweep else ()
        return PlanSummary(len(reminders), len(future), outcomes)

    def check(self) -> None:
        """The poll job: re-plan after a change, otherwise sweep. Never raises into APScheduler."""
        try:
            if self._current_version() != self._version:
                self.replan()
            else:
                outcomes = self._sweep(list(self._planned.values()))
                if not self._caught_up:
                    counts = Counter(o.status for o in outcomes)
                    log.info(
                        "caught up after start: %d posted, %d skipped, %d found already posted",
                        counts["sent"],
                        counts["skipped"],
                        counts["found"],
                    )
            self._caught_up = True
        except Exception:
            log.exception("reminder check failed; trying again at the next poll")

    def _fire(self, key: str) -> None:
        reminder = self._planned.get(key)
        if reminder is None:
            return
        try:
            outcome = self.delivery.deliver(reminder)
        except Exception:
            log.exception("reminder %s failed; the next poll will look at it again", key)
            return
        log.info("reminder %s: %s %s", key, outcome.status, outcome.detail)

    def start(self, paused: bool = False) -> PlanSummary:
        """Plan, start the scheduler thread, and sweep at once (in that thread) for catch-up;
        ``paused`` starts it without running any job (for tests)."""
        summary = self.replan(sweep=False)
        self.scheduler.add_job(
            self.check,
            IntervalTrigger(seconds=max(1, int(self.poll.total_seconds()))),
            id=POLL_JOB,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=self.clock(),
        )
        self.scheduler.start(paused=paused)
        return summary

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
