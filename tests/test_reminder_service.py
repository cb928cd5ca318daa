"""APScheduler wiring: one DateTrigger job per future reminder, re-planned when milestones or
targets change in this process or another; an edit changes only its own milestone's jobs, a new
build checks every job. No job is left to fire on its own: the scheduler is paused or never
started, and the tests call what its jobs would call."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler

from bot.runtime import Runtime
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON
from scheduler.poster import MemoryPoster
from scheduler.scheduling import JOB_PREFIX, POLL_JOB, ReminderScheduler

NOW = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def env(cyps_env: dict[str, str]) -> dict[str, str]:
    return {**cyps_env, "CYPS_REMINDER_CHANNEL": "C0BOARD", "CYPS_REMINDER_POLL": "5s"}


@pytest.fixture
def parts(env: dict[str, str]) -> Iterator[tuple[ReminderScheduler, MemoryPoster, Clock]]:
    poster, clock = MemoryPoster(), Clock(NOW)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    # A monotonic clock that moves a second per look, so the bot's half-second view of
    # state.db never hides another process's edit from the next poll.
    runtime = Runtime.start(env, monotonic=itertools.count(0.0, 1.0).__next__)
    service = runtime.reminder_scheduler(poster, clock, apscheduler=scheduler)
    yield service, poster, clock
    scheduler.shutdown(wait=False)


def jobs(service: ReminderScheduler) -> dict[str, datetime]:
    return {
        job.id.removeprefix(JOB_PREFIX): job.next_run_time
        for job in service.scheduler.get_jobs()
        if job.id.startswith(JOB_PREFIX)
    }


def test_each_future_reminder_gets_a_job_at_its_due_time(parts) -> None:
    service, poster, _ = parts
    summary = service.replan()
    assert (summary.planned, summary.scheduled) == (9, 6)
    planned = jobs(service)
    assert len(planned) == 6
    assert planned["haringey-54000/gateway-2015-03/14d@2015-03"] == datetime(
        2015, 2, 15, 9, 0, tzinfo=LONDON
    )
    assert poster.calls == 0  # the 2014 checkpoint's reminders were before the bot saw them


def test_an_edit_from_another_process_is_picked_up_by_the_poll(parts, env: dict[str, str]) -> None:
    service, _, _ = parts
    service.replan()
    other_process = Runtime.start(env).reminders  # its own connections, as the CLI would have
    other_process.add_milestone("kent-0-25", "gateway", "2015-01-12", "Go/no-go", "cli", NOW)
    service.check()
    planned = jobs(service)
    assert planned["kent-0-25/go-no-go/7d@2015-01-12"] == datetime(2015, 1, 5, 9, 0, tzinfo=LONDON)
    other_process.move_milestone("kent-0-25", "go-no-go", "2015-01-19", "cli", NOW)
    service.check()
    keys = set(jobs(service))
    assert "kent-0-25/go-no-go/7d@2015-01-12" not in keys
    assert "kent-0-25/go-no-go/7d@2015-01-19" in keys


def test_a_channel_change_re_plans(parts) -> None:
    service, _, _ = parts
    service.replan()
    service.system.set_channel("haringey-54000", "C0HARINGEY", "U0ADMIN", NOW)
    service.check()
    assert {r.channel for r in service.planned.values()} == {"C0HARINGEY"}


def test_the_job_delivers_through_the_ledger(parts) -> None:
    service, poster, clock = parts
    service.replan()
    key = "haringey-54000/gateway-2015-03/14d@2015-03"
    clock.now = datetime(2015, 2, 15, 9, 0, tzinfo=LONDON)
    service._fire(key)
    service._fire(key)  # a duplicate tick
    service.check()  # and the poll's sweep
    assert poster.keys() == [key]


def test_start_schedules_the_poll_and_returns_the_plan(env: dict[str, str]) -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    service = Runtime.start(env).reminder_scheduler(
        MemoryPoster(), Clock(NOW), apscheduler=scheduler
    )
    try:
        summary = service.start(paused=True)
        assert summary.scheduled == 6
        poll = scheduler.get_job(POLL_JOB)
        assert poll is not None and poll.trigger.interval == timedelta(seconds=5)
    finally:
        service.shutdown()


def job_objects(service: ReminderScheduler) -> dict[str, Job]:
    return {j.id: j for j in service.scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)}


@pytest.fixture
def two_programmes(parts) -> tuple[ReminderScheduler, MemoryPoster, Clock]:
    """The default plan with a Kent gateway as well, so an edit has neighbours to leave alone."""
    service, poster, clock = parts
    service.system.add_milestone("kent-0-25", "gateway", "2015-06-01", "Go-live", "U0ADMIN", NOW)
    service.replan()
    return service, poster, clock


def move_the_2015_gateway(service: ReminderScheduler) -> None:
    """An admin gives it a new date; the next poll re-plans."""
    service.system.move_milestone("haringey-54000", "gateway-2015-03", "2015-04-13", "U0ADMIN", NOW)
    service.check()


def test_an_edit_re_plans_only_the_edited_milestones_jobs(two_programmes) -> None:
    service, _, _ = two_programmes
    before = job_objects(service)
    move_the_2015_gateway(service)
    after = job_objects(service)
    edited = JOB_PREFIX + "haringey-54000/gateway-2015-03/"
    untouched = {i: j for i, j in before.items() if not i.startswith(edited)}
    assert len(untouched) == 6  # the 2016 gateway's three and Kent's three
    for job_id, job in untouched.items():
        assert after[job_id] is job  # the same job object: not removed and added again
        assert after[job_id].next_run_time == job.next_run_time
    assert {i.removeprefix(JOB_PREFIX) for i in after.keys() - untouched.keys()} == {
        "haringey-54000/gateway-2015-03/14d@2015-04-13",
        "haringey-54000/gateway-2015-03/7d@2015-04-13",
        "haringey-54000/gateway-2015-03/1d@2015-04-13",
    }


def test_a_moved_milestones_old_reminders_are_gone_and_new_ones_planned(two_programmes) -> None:
    service, poster, clock = two_programmes
    move_the_2015_gateway(service)
    old, new = (
        "haringey-54000/gateway-2015-03/7d@2015-03",
        "haringey-54000/gateway-2015-03/7d@2015-04-13",
    )
    assert old not in service.planned and old not in jobs(service)
    assert jobs(service)[new] == datetime(2015, 4, 6, 9, 0, tzinfo=LONDON)
    clock.now = datetime(2015, 2, 22, 9, 0, tzinfo=LONDON)  # when the old date's was due
    service._fire(old)  # a job that fired just before the edit was seen: it posts nothing
    service.check()
    assert poster.calls == 0
    clock.now = datetime(2015, 4, 6, 9, 0, tzinfo=LONDON)
    service._fire(new)
    assert poster.keys() == [new]


def test_an_edit_to_a_date_in_the_past_plans_nothing_new(two_programmes) -> None:
    service, poster, _ = two_programmes
    before = jobs(service)
    service.system.move_milestone("kent-0-25", "go-live", "2014-09-15", "U0ADMIN", NOW)
    service.check()
    after = jobs(service)
    assert {k for k in after if k.startswith("kent-0-25/")} == set()
    assert after == {k: v for k, v in before.items() if not k.startswith("kent-0-25/")}
    assert {k for k in service.planned if k.startswith("kent-0-25/")} == {
        f"kent-0-25/go-live/{lead}@2014-09-15" for lead in ("14d", "7d", "1d")
    }
    assert poster.calls == 0  # its reminders were due before anyone could post them


def test_an_added_milestone_due_now_is_posted_by_the_re_plan_once(two_programmes) -> None:
    service, poster, _ = two_programmes
    service.system.add_milestone(
        "kent-0-25", "gateway", "2014-10-02T09:00", "Tomorrow", "U0ADMIN", NOW
    )
    service.check()  # the 1d reminder falls due now; 14d and 7d were missed beyond the grace
    service.check()
    assert poster.keys() == ["kent-0-25/tomorrow/1d@2014-10-02T09:00"]


def test_one_programmes_lead_times_re_plan_only_its_jobs(two_programmes) -> None:
    service, _, _ = two_programmes
    before = job_objects(service)
    service.system.set_leads("kent-0-25", "2d", "U0ADMIN", NOW)
    service.check()
    after = job_objects(service)
    assert {i for i in after if "kent-0-25/" in i} == {
        JOB_PREFIX + "kent-0-25/go-live/2d@2015-06-01"
    }
    haringey = {i: j for i, j in before.items() if "haringey-54000/" in i}
    assert {i: after[i] for i in haringey} == haringey
    assert all(after[i] is j for i, j in haringey.items())


def test_a_rebuild_plans_everything_and_puts_back_a_missing_job(
    env: dict[str, str], kb_path: Path, tmp_path: Path
) -> None:
    own_kb = tmp_path / "own" / "knowledge.db"
    own_kb.parent.mkdir()
    shutil.copy(kb_path, own_kb)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    runtime = Runtime.start({**env, "CYPS_DB": str(own_kb)})
    service = runtime.reminder_scheduler(MemoryPoster(), Clock(NOW), apscheduler=scheduler)
    try:
        service.replan()
        lost = JOB_PREFIX + "haringey-54000/gateway-2016-03/7d@2016-03"
        scheduler.remove_job(lost)  # gone behind the plan's back
        move_the_2015_gateway(service)
        assert scheduler.get_job(lost) is None  # an edit looks at the edited milestone only
        build_knowledge_base(own_kb)
        assert runtime.kb.reload_if_changed()
        service.check()
        assert scheduler.get_job(lost) is not None  # a new build checks every job
        assert set(jobs(service)) == {
            r.key for r in service.planned.values() if r.due > NOW and r.channel
        }
    finally:
        scheduler.shutdown(wait=False)


class FlakyScheduler(BackgroundScheduler):
    """An APScheduler that refuses the next ``add_job``, as a full job store might."""

    fail_next = False

    def add_job(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("job store refused the job")
        return super().add_job(*args, **kwargs)


def test_a_job_that_could_not_be_added_is_added_at_the_next_poll(env: dict[str, str]) -> None:
    scheduler = FlakyScheduler(timezone="UTC")
    scheduler.start(paused=True)
    service = Runtime.start(env).reminder_scheduler(
        MemoryPoster(), Clock(NOW), apscheduler=scheduler
    )
    try:
        service.replan()
        scheduler.fail_next = True
        move_the_2015_gateway(service)  # the poll fails part-way, and says so in the log
        assert "haringey-54000/gateway-2015-03/14d@2015-04-13" not in jobs(service)
        service.check()
        assert {k for k in jobs(service) if k.startswith("haringey-54000/gateway-2015-03/")} == {
            f"haringey-54000/gateway-2015-03/{lead}@2015-04-13" for lead in ("14d", "7d", "1d")
        }
    finally:
        scheduler.shutdown(wait=False)
