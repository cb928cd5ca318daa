"""APScheduler wiring: one DateTrigger job per future reminder, re-planned when milestones or
targets change in this process or another. No job is left to fire on its own: the scheduler is
paused or never started, and the tests call what its jobs would call."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.runtime import Runtime
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
    assert {r.channel for r in service._planned.values()} == {"C0HARINGEY"}


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
