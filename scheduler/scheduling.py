"""APScheduler decides when; the ledger decides whether. (For the scheduled digests too: a
``DigestSchedule`` beside the reminders puts a cron job on each digest schedule.)

One ``DateTrigger`` job per future reminder fires it on time. A poll job every few seconds
(``CYPS_REMINDER_POLL``) re-plans when the milestones or reminder targets changed, in this
process or another (a version number in the state DB), and otherwise sweeps for anything due
but unsettled: the catch-up after downtime and the safety net for a job that missed its time.
A re-plan after an edit touches only the jobs of the milestones that changed
(``scheduler.replanning``); the start and a new build of the knowledge base plan everything and
check every job against that plan. Jobs live in memory only; after a restart the plan is
rebuilt from the knowledge base, and the ledger remembers what was already posted.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.delivery import Delivery, Outcome
from scheduler.digest_delivery import DigestSchedule
from scheduler.planning import Reminder
from scheduler.replanning import Plan, update_plan
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
        self._plan: Plan | None = None
        self._version: tuple[tuple[int, int, int], int] | None = None
        self._lock = threading.Lock()
        self._caught_up = False

    def _current_version(self) -> tuple[tuple[int, int, int], int]:
        return self.system.version(), self.digests.version() if self.digests else 0

    def _sweep(self, reminders: Iterable[Reminder]) -> list[Outcome]:
        """Deliver the reminders and digests that are due and not yet posted, soonest first."""
        now = self.clock()
        due = sorted((r for r in reminders if r.due <= now), key=lambda r: (r.due, r.key))
        outcomes = self.delivery.sweep(due)
        return outcomes + (self.digests.sweep() if self.digests else [])

    @property
    def planned(self) -> Mapping[str, Reminder]:
        """The reminders of the current plan, by key."""
        return self._plan.reminders if self._plan else {}

    def replan(self, sweep: bool = True) -> PlanSummary:
        """Plan everything from the knowledge base afresh and check every job against it (and
        put a cron job on each digest schedule), then (optionally) deliver what is already due.
        At start, and after a new build of the knowledge base."""
        return self._update(everything=True, sweep=sweep)

    def _update(self, everything: bool, sweep: bool = True) -> PlanSummary:
        """Bring the plan and its jobs up to date; only what changed unless ``everything``."""
        with self._lock:
            version = self._current_version()  # read first: a change while planning re-plans
            now = self.clock()
            previous = None if everything else self._plan
            change = update_plan(previous, self.system.basis(previous.basis if previous else None))
            if change.everything:  # one look at every job, not one per reminder
                jobs = {j.id: j for j in self.scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)}
                stale = [i for i in jobs if i.removeprefix(JOB_PREFIX) not in change.plan.reminders]
                lookup: Callable[[str], Job | None] = jobs.get
            else:
                stale = [JOB_PREFIX + r.key for r in change.dropped]
                lookup = self.scheduler.get_job
            for job_id in stale:
                self._unschedule(job_id)
            scheduled = sum(self._schedule(r, now, lookup) for r in change.fresh)
            digests = 0
            if self.digests and (
                change.everything or self._version is None or version[1] != self._version[1]
            ):
                digests = self.digests.schedule(self.scheduler)
            # Only now: if a job could not be changed, the next poll works the change out again.
            self._plan, self._version = change.plan, version
        if change.everything:
            log.info(
                "planned %d reminders, %d still to come; %d digest schedule(s)",
                len(change.plan.reminders),
                scheduled,
                digests,
            )
        else:
            log.info(
                "re-planned %d changed milestone(s): %d reminder(s) dropped, %d new or changed",
                len(change.milestones),
                len(change.dropped),
                len(change.fresh),
            )
        outcomes = tuple(self._sweep(change.fresh)) if sweep else ()
        return PlanSummary(len(change.plan.reminders), scheduled, outcomes)

    def _schedule(
        self, reminder: Reminder, now: datetime, lookup: Callable[[str], Job | None]
    ) -> bool:
        """A job at the reminder's time if it is still to come and has a channel (left alone
        when one is already there for that time); otherwise none. True when it has one."""
        job_id = JOB_PREFIX + reminder.key
        job = lookup(job_id)
        if reminder.due <= now or not reminder.channel:
            if job is not None:
                self._unschedule(job_id)
            return False
        if job is None or job.next_run_time != reminder.due:
            self.scheduler.add_job(
                self._fire,
                DateTrigger(run_date=reminder.due),
                args=(reminder.key,),
                id=job_id,
                name=reminder.key,
                replace_existing=True,
                misfire_grace_time=None,  # lateness is judged by delivery's grace period
                coalesce=True,
            )
        return True

    def _unschedule(self, job_id: str) -> None:
        """Remove a job; one that has just run (and so is gone) is no error."""
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    def check(self) -> None:
        """The poll job: re-plan what changed, otherwise sweep. Never raises into APScheduler."""
        try:
            if self._current_version() != self._version:
                self._update(everything=self._plan is None)
            else:
                outcomes = self._sweep(self.planned.values())
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
        reminder = self.planned.get(key)
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
