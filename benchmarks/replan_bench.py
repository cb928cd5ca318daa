"""How long the running scheduler takes to re-plan after one milestone edit, at 10k milestones,
against the full re-plan a knowledge-base rebuild causes, measured in the same run.

The state is built the way a user builds one: generated programme files (``--programmes`` files
of ``--milestones`` future checkpoints and gateways each) in a ``CYPS_SOURCES`` folder, the
knowledge base built from them by ``Runtime.start`` (as ``cyps kb build`` would), and the
scheduler started as ``cyps bot`` starts it (a running APScheduler thread, a job per future
reminder), its long-lived data then set aside from garbage collection as the bot does
(``bot.heap.settle``). Then, repeatedly and interleaved:

* edit: one milestone given a new date through the ``milestone set`` path
  (``StoredReminderSystem.move_milestone``), then the poll the bot runs (``check``) timed;
* leads: one programme's lead times changed (``remind leads``), then the poll timed;
* rebuild: the knowledge base rebuilt from the same files, reopened and warmed as the bot's
  watcher does, then the poll timed (the full re-plan; the build itself is not in the figure).

Run by hand (it is not a test; figures are noisy on a shared machine, so read the ratios):

    .venv/bin/python -m benchmarks.replan_bench --programmes 100 --milestones 100
    .venv/bin/python -m benchmarks.replan_bench --milestones 1 --added 100  # the board's own
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.heap import settle
from bot.runtime import Runtime
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON, PaperDate
from scheduler.poster import MemoryPoster
from scheduler.scheduling import JOB_PREFIX, ReminderScheduler

CHANNEL = "C0BENCH"
TARGET_MS = 50.0


def programme_file(programme_id: str, count: int, first: date) -> str:
    """A valid programme file with ``count`` checkpoints and gateways from ``first`` on."""
    lines = [
        "[programme]",
        f'id = "{programme_id}"',
        'council = "Benchmark"',
        f'title = "Generated programme {programme_id}"',
        'document = "generated.txt"',
        f'document_title = "Generated paper {programme_id}"',
        'source = "generated"',
        "",
    ]
    for n in range(count):
        day = first + timedelta(days=n * 3 % 700)
        when = day.isoformat() if n % 4 else f"{day.isoformat()}T10:30"
        lines += [
            "[[milestones]]",
            f'id = "m-{n}"',
            f'kind = "{"gateway" if n % 2 else "checkpoint"}"',
            f'date = "{when}"',
            f'title = "Generated milestone {n}"',
            'source = "generated"',
            "",
        ]
    return "\n".join(lines)


def write_sources(folder: Path, programmes: int, milestones: int, first: date) -> list[str]:
    folder.mkdir(parents=True)
    ids = [f"bench-{p:04d}" for p in range(programmes)]
    for programme_id in ids:
        (folder / f"{programme_id}.toml").write_text(
            programme_file(programme_id, milestones, first)
        )
    return ids


def millis(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


class Timings:
    """Wall time (what the bot spends) and this thread's CPU time (the work itself, which other
    processes on a shared machine do not stretch) of each timed call, in ms."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, run: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        run()
        self.cpu.append((time.thread_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def reminder_jobs(service: ReminderScheduler) -> int:
    return sum(1 for job in service.scheduler.get_jobs() if job.id.startswith(JOB_PREFIX))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--milestones", type=int, default=100, help="per programme file")
    parser.add_argument(
        "--added",
        type=int,
        default=0,
        help="milestones the board records on top, per programme (as `milestone add` does)",
    )
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--rebuilds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cyps-replan-bench-"))
    scheduler: ReminderScheduler | None = None
    try:
        first = datetime.now(LONDON).date() + timedelta(days=30)
        ids = write_sources(folder / "sources", args.programmes, args.milestones, first)
        env = {
            "CYPS_HOME": str(folder / "home"),
            "CYPS_SOURCES": str(folder / "sources"),
            "CYPS_REMINDER_CHANNEL": CHANNEL,
            "CYPS_REMINDER_POLL": "1h",  # the benchmark runs the poll itself
        }
        started = time.perf_counter()
        runtime = Runtime.start(env)
        built_s = time.perf_counter() - started
        now = datetime.now(LONDON)
        for n in range(args.added):  # through the store `milestone add` writes with
            for programme_id in ids:
                kind, day = ("gateway" if n % 2 else "checkpoint"), first + timedelta(n * 3 % 700)
                title = f"Recorded milestone {n}"
                runtime.milestone_edits.add(
                    programme_id, kind, PaperDate.parse(day.isoformat()), title, "U0BENCH", now
                )
        scheduler = runtime.reminder_scheduler(poster=MemoryPoster())
        start_ms = millis(scheduler.start)
        while not scheduler._caught_up:  # the start's catch-up sweep runs in the thread
            time.sleep(0.01)
        settle()  # as Runtime.start_reminders does once the plan is made
        keys = [(m.programme_id, m.id) for m in runtime.kb.milestones()]
        print(
            f"{len(keys)} milestones ({args.added * len(ids)} recorded by the board) in"
            f" {len(ids)} programmes (built in {built_s:.1f} s); "
            f"scheduler started in {start_ms:.0f} ms with {reminder_jobs(scheduler)} reminder jobs"
        )

        pick = random.Random(args.seed)
        figures = {"edit": Timings(), "leads": Timings(), "rebuild": Timings()}
        writes: list[float] = []
        every = max(1, args.edits // max(1, args.rebuilds))
        for n in range(args.edits):
            programme_id, milestone_id = pick.choice(keys)
            when = (first + timedelta(days=pick.randrange(1, 700))).isoformat()
            writes.append(
                millis(
                    lambda p=programme_id, m=milestone_id, w=when: runtime.reminders.move_milestone(
                        p, m, w, "U0BENCH", now, via="bench"
                    )
                )
            )
            figures["edit"].time(scheduler.check)
            leads = "14d,7d,2d" if n % 2 else "14d,7d,1d"
            runtime.reminders.set_leads(pick.choice(ids), leads, "U0BENCH", now)
            figures["leads"].time(scheduler.check)
            if n % every == 0 and len(figures["rebuild"].wall) < args.rebuilds:
                build_knowledge_base(runtime.paths.db, runtime.paths.sources)
                assert runtime.kb.reload_if_changed()
                runtime.warm()  # as the bot's watcher does after each reload
                figures["rebuild"].time(scheduler.check)

        print(
            f"re-plan by the poll after each change, ms ({reminder_jobs(scheduler)} jobs now),"
            " wall time | CPU time of the re-planning thread:"
        )
        base = statistics.median(figures["rebuild"].wall)
        for name, timings in figures.items():
            median = statistics.median(timings.wall)
            print(
                f"  {name:<8} n={len(timings.wall):<3} median {median:7.1f}  p99"
                f" {p99(timings.wall):7.1f} | median {statistics.median(timings.cpu):7.1f}  p99"
                f" {p99(timings.cpu):7.1f}   {base / median:6.1f}x faster than the rebuild's"
            )
        edit = figures["edit"]
        for what, values in (("wall", edit.wall), ("CPU", edit.cpu)):
            verdict = "meets" if p99(values) < TARGET_MS else "misses"
            print(f"  edit p99 {what} {p99(values):.1f} ms {verdict} the {TARGET_MS:.0f} ms target")
        print(f"  (the edit's own write, for reference: median {statistics.median(writes):.1f} ms)")
    finally:
        if scheduler is not None:
            scheduler.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
