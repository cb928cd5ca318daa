"""The bot's own data is read from cache until state.db changes, and checked once per answer."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from commands.call import Context
from commands.engine import Engine
from commands.registry import Registry
from knowledge.dates import LONDON, PaperDate
from knowledge.queries import KnowledgeBase
from knowledge.state.channel_defaults import ChannelDefaults
from knowledge.state.connection import StateDB, StateView, StateWatch, connect_state
from knowledge.state.milestone_edits import MilestoneEdits
from knowledge.state.tracking import Tracking

NOW = datetime(2017, 6, 30, 10, 0, tzinfo=LONDON)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class CountedWatch(StateWatch):
    """A shared watch that counts how often it asks SQLite."""

    def __init__(self, path: Path, max_age: float = 0.0):
        conn = connect_state(path)
        self.asked: list[str] = []
        conn.set_trace_callback(lambda sql: self.asked.append(sql))
        super().__init__(conn, max_age=max_age, clock=Clock())

    def times_asked(self) -> int:
        return sum("data_version" in sql for sql in self.asked)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    StateDB.open(tmp_path / "state.db")  # migrated once, as any first open does
    return tmp_path / "state.db"


def opened(path: Path, watch: StateWatch | None = None) -> StateDB:
    """``state.db`` as a process opens it: with a watch of its own, or the one given."""
    return StateDB.open(path) if watch is None else StateDB(path, watch)


def defaults(path: Path, watch: StateWatch | None = None) -> ChannelDefaults:
    return ChannelDefaults(opened(path, watch))


def tracking_of(path: Path, watch: StateWatch | None = None) -> Tracking:
    return Tracking(opened(path, watch))


def edits_of(path: Path, watch: StateWatch | None = None) -> MilestoneEdits:
    return MilestoneEdits(opened(path, watch))


def test_a_default_set_through_another_connection_is_seen_by_the_next_read(path: Path) -> None:
    ours, theirs = defaults(path), defaults(path)  # as the bot and the CLI would
    assert ours.default_programme("C1") is None
    theirs.set_default_programme("C1", "kent-0-25", "U1")
    assert ours.default_programme("C1") == "kent-0-25"
    theirs.set_default_programme("C1", "harrow-ics-2011", "U1")
    assert ours.default_programme("C1") == "harrow-ics-2011"


def test_amounts_recorded_elsewhere_are_seen_by_the_next_read(path: Path) -> None:
    ours, theirs = tracking_of(path), tracking_of(path)
    assert ours.amounts("haringey-mtfs-2017", "1.6", "actual") == {}
    theirs.record_amount(
        "haringey-mtfs-2017", "1.6", "2017-18", "actual", Decimal(120), "U1", "cli", NOW
    )
    assert ours.amounts("haringey-mtfs-2017", "1.6", "actual") == {"2017-18": Decimal(120)}


def test_stores_sharing_a_watch_see_each_others_writes(path: Path) -> None:
    watch = StateWatch.open(path)
    first, second = defaults(path, watch), defaults(path, watch)
    assert first.default_programme("C1") is None
    second.set_default_programme("C1", "kent-0-25", "U1")
    assert first.default_programme("C1") == "kent-0-25"


def test_milestone_edits_move_the_version_for_every_reader(path: Path) -> None:
    watch = StateWatch.open(path)
    ours, theirs = edits_of(path, watch), edits_of(path)
    before = ours.version()
    theirs.add("kent-0-25", "gateway", PaperDate.parse("2027-01-15"), "Go/no-go", "U1", NOW)
    assert ours.version() == before + 1
    ours.add("kent-0-25", "review", PaperDate.parse("2027-02-15"), "Review", "U1", NOW)
    assert ours.version() == before + 2


def test_inside_a_view_a_watch_asks_sqlite_once_however_many_reads(path: Path) -> None:
    watch = CountedWatch(path)
    state, tracking = defaults(path, watch), tracking_of(path, watch)
    with StateView():
        for channel in ("C1", "C2", "C3"):
            state.default_programme(channel)
        tracking.amounts("haringey-mtfs-2017", "1.6", "actual")
        tracking.rag("haringey-mtfs-2017", "1.6")
    assert watch.times_asked() == 1
    state.default_programme("C1")
    state.default_programme("C1")
    assert watch.times_asked() == 3  # outside a view, every read checks


def test_a_write_inside_a_view_is_read_back_in_the_same_view(path: Path) -> None:
    watch = StateWatch.open(path)
    state = defaults(path, watch)
    with StateView():
        assert state.default_programme("C1") is None
        state.set_default_programme("C1", "kent-0-25", "U1")
        assert state.default_programme("C1") == "kent-0-25"


def test_an_answer_checks_the_bots_own_data_once(
    kb: KnowledgeBase, registry: Registry, path: Path
) -> None:
    watch = CountedWatch(path)
    engine = Engine(
        kb, registry, preferences=defaults(path, watch), tracking=tracking_of(path, watch)
    )
    context = Context(today=date(2017, 6, 30), channel_id="C0BOARD", user_id="U1")
    answer = engine.answer("savings 1.6", context)  # the channel default and three tracking reads
    assert answer.ok and "£608k" in answer.lead
    assert watch.times_asked() == 1


def test_with_a_max_age_another_process_change_shows_once_that_much_time_has_passed(
    path: Path,
) -> None:
    clock = Clock()
    watch = StateWatch(connect_state(path), max_age=0.5, clock=clock)
    ours, theirs = defaults(path, watch), defaults(path)
    assert ours.default_programme("C1") is None
    theirs.set_default_programme("C1", "kent-0-25", "U1")
    clock.now += 0.4
    assert ours.default_programme("C1") is None  # within the half second: not asked again
    clock.now += 0.1
    assert ours.default_programme("C1") == "kent-0-25"


def test_a_max_age_without_a_clock_is_refused(path: Path) -> None:
    with pytest.raises(ValueError, match="clock"):
        StateWatch.open(path, max_age=0.5)


def test_with_a_max_age_this_process_changes_show_at_once(path: Path) -> None:
    watch = StateWatch(connect_state(path), max_age=60, clock=Clock())
    state, other_state = defaults(path, watch), defaults(path, watch)
    edits, tracking = edits_of(path, watch), tracking_of(path, watch)
    assert state.default_programme("C1") is None
    before = edits.version()
    assert tracking.amounts("haringey-mtfs-2017", "1.6", "actual") == {}
    other_state.set_default_programme("C1", "kent-0-25", "U1")
    edits_of(path, watch).add(
        "kent-0-25", "review", PaperDate.parse("2027-02-15"), "Review", "U1", NOW
    )
    tracking_of(path, watch).record_amount(
        "haringey-mtfs-2017", "1.6", "2017-18", "actual", Decimal(120), "U1", "slack", NOW
    )
    assert state.default_programme("C1") == "kent-0-25"
    assert edits.version() == before + 1
    assert tracking.amounts("haringey-mtfs-2017", "1.6", "actual") == {"2017-18": Decimal(120)}


def test_the_running_bot_runs_no_query_for_its_own_data_on_repeated_answers(
    kb: KnowledgeBase, registry: Registry, path: Path
) -> None:
    watch = CountedWatch(path, max_age=60)
    engine = Engine(
        kb, registry, preferences=defaults(path, watch), tracking=tracking_of(path, watch)
    )
    context = Context(today=date(2017, 6, 30), channel_id="C0BOARD", user_id="U1")
    for question in ("savings 1.6", "gateway next", "phase", "savings 1.6"):
        assert engine.answer(question, context).ok
    assert watch.times_asked() == 1


def test_concurrent_readers_never_see_a_channel_default_go_backwards(path: Path) -> None:
    watch = StateWatch.open(path, max_age=60, clock=Clock())
    state = defaults(path, watch)
    programmes = [f"p{i:03d}" for i in range(60)]
    stop = threading.Event()
    problems: list[str] = []

    def read_until_stopped() -> None:
        seen = ""
        while not stop.is_set():
            with StateView():
                value = state.default_programme("C1") or ""
            if value < seen:
                problems.append(f"{value} after {seen}")
            seen = value
            time.sleep(0)  # let the writer in

    readers = [threading.Thread(target=read_until_stopped) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for programme in programmes:
            state.set_default_programme("C1", programme, "U1")
            assert state.default_programme("C1") == programme  # a write is read back at once
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert problems == []
