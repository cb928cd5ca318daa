"""APScheduler wiring: one DateTrigger job per future reminder, re-planned when milestones or
targets change in this process or another. No job is left to fire on its own: the scheduler is
paused or never started, and the tests call what its jobs would call."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.reminders import open_desk
from knowledge.dates import LONDON
from knowledge.overlay import MilestoneEdits, connect_state
from knowledge.queries import KnowledgeBase
from scheduler.config import ReminderConfig
from scheduler.delivery import Delivery
from scheduler.desk import SchedulerDesk
from scheduler.planning import ReminderPolicy
from scheduler.poster import MemoryPoster
from scheduler.service import JOB_PREFIX, POLL_JOB, ReminderService
from scheduler.store import Ledger

NOW = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def make_desk(kb_path: Path, state: Path) -> SchedulerDesk:
    edits = MilestoneEdits.open(state)
    config = ReminderConfig(policy=ReminderPolicy(default_channel="C0BOARD"))
    return open_desk(KnowledgeBase.open(kb_path, overlay=edits), edits, state, config)


@pytest.fixture
def parts(kb_path: Path, tmp_path: Path) -> Iterator[tuple[ReminderService, MemoryPoster, Clock]]:
    state = tmp_path / "state.db"
    desk = make_desk(kb_path, state)
    poster, clock = MemoryPoster(), Clock(NOW)
    delivery = Delivery(desk.kb, Ledger(connect_state(state), "svc"), poster, clock)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    service = ReminderService(desk, delivery, clock, scheduler=scheduler)
    yield service, poster, clock
    scheduler.shutdown(wait=False)


def jobs(service: ReminderService) -> dict[str, datetime]:
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


def test_an_edit_from_another_process_is_picked_up_by_the_poll(parts, kb_path: Path) -> None:
    service, _, _ = parts
    service.replan()
    state = Path(service.desk.edits.conn.execute("pragma database_list").fetchone()[2])
    other_process = make_desk(kb_path, state)  # its own connections, as the CLI would have
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
    service.desk.set_channel("haringey-54000", "C0HARINGEY", "U0ADMIN", NOW)
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


def test_start_schedules_the_poll_and_returns_the_plan(kb_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    desk = make_desk(kb_path, state)
    clock = Clock(NOW)
    delivery = Delivery(desk.kb, Ledger(connect_state(state), "svc"), MemoryPoster(), clock)
    scheduler = BackgroundScheduler(timezone="UTC")
    service = ReminderService(desk, delivery, clock, timedelta(seconds=5), scheduler)
    try:
        summary = service.start(paused=True)
        assert summary.scheduled == 6
        poll = scheduler.get_job(POLL_JOB)
        assert poll is not None and poll.trigger.interval == timedelta(seconds=5)
    finally:
        service.shutdown()
