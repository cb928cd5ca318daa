"""How fast reminders go out, against a bare HTTP POST to the same local server in the same run.

Three ways of sending N messages to the local Slack-compatible server (tests/reminder_slack_api):

* baseline: a bare ``urllib`` POST of a reminder-sized JSON body to ``chat.postMessage``;
* poster: ``SlackPoster.post`` (slack_sdk's WebClient, the same urllib underneath);
* delivery: the whole path per reminder - ledger claim in SQLite, content from the knowledge
  base (phase, savings gap, audit), Block Kit rendering, the post, and the ledger confirm.

It also times the scheduler's start on the default knowledge base. Run by hand:

    .venv/bin/python -m benchmarks.reminders_bench --reminders 300

Not a test: it prints figures. Delivery is dominated by the audit and the HTTP round trip, and
reminders come a few a day, so the figure to watch is that it stays in the same order as the
baseline.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.runtime import Runtime
from bot.slack.poster import SlackPoster
from bot.slack.reminder_blocks import render_reminder
from knowledge.build import build_knowledge_base
from knowledge.dates import PaperDate
from knowledge.model import Milestone, Source
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from scheduler.content import build_content
from scheduler.delivery import Delivery
from scheduler.ledger import Ledger
from scheduler.planning import Reminder, ReminderPolicy, parse_leads, plan_reminders
from tests.slack_support import MockSlack

CHANNEL = "C0BENCH"


def reminders(count: int, due: datetime) -> list[Reminder]:
    """``count`` gateways a day ahead, each with one reminder due at ``due``."""
    day = (due + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    milestones = [
        Milestone(
            "haringey-fom-2015",
            f"bench-{n}",
            "gateway",
            PaperDate.parse(day),
            f"Benchmark gateway {n}",
            "whether the benchmark goes on",
            None,
            Source("haringey-fom-2015", "Bench", "para 1"),
        )
        for n in range(count)
    ]
    policy = ReminderPolicy(leads=parse_leads("1d"), default_channel=CHANNEL)
    planned = plan_reminders(milestones, policy)
    return [Reminder(r.key, r.milestone, r.lead, due, r.milestone_at, r.channel) for r in planned]


def rate(count: int, run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    n = args.reminders

    folder = Path(tempfile.mkdtemp(prefix="cyps-bench-"))
    server = MockSlack().start()
    try:
        kb_file = build_knowledge_base(folder / "knowledge.db")
        kb = KnowledgeBase.open(kb_file)
        poster = SlackPoster.connect("xoxb-bench", server.url, timeout=10)
        sample = reminders(1, datetime.now(UTC))[0]
        text, blocks = render_reminder(build_content(kb, sample, sample.due))
        body = json.dumps(
            {"channel": CHANNEL, "text": text, "blocks": blocks, "metadata": {"k": sample.key}}
        ).encode()

        def bare() -> None:
            for _ in range(n):
                request = urllib.request.Request(
                    server.url + "chat.postMessage",
                    data=body,
                    headers={"Content-Type": "application/json; charset=utf-8"},
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    json.loads(response.read())

        def posts() -> None:
            for _ in range(n):
                poster.post(CHANNEL, text, blocks, sample.key)

        figures: dict[str, list[float]] = {"baseline": [], "poster": [], "delivery": []}
        for round_number in range(args.rounds):
            figures["baseline"].append(rate(n, bare))
            figures["poster"].append(rate(n, posts))
            now = datetime.now(UTC)
            batch = reminders(n, now)
            ledger = Ledger(StateDB.open(folder / f"state-{round_number}.db"), "bench")
            delivery = Delivery(kb, ledger, poster, lambda now=now: now, render_reminder)
            figures["delivery"].append(rate(n, lambda d=delivery, b=batch: d.sweep(b)))
            assert {e.status for e in ledger.entries(limit=n + 1)} == {"sent"}

        base = statistics.median(figures["baseline"])
        print(f"{n} messages x {args.rounds} rounds against {server.url} (median per second)")
        for name, values in figures.items():
            median = statistics.median(values)
            print(f"  {name:<9} {median:8.0f}/s   {median / base:5.2f}x baseline")

        # The scheduler's start on the default knowledge base: plan, jobs, scheduler thread.
        home = folder / "home"
        home.mkdir()
        shutil.copy(kb_file, home / "knowledge.db")
        env = {"CYPS_HOME": str(home), "CYPS_REMINDER_CHANNEL": CHANNEL}
        starts = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            service = Runtime.start(env).reminder_scheduler(poster=poster)
            summary = service.start()
            starts.append((time.perf_counter() - started) * 1000)
            service.shutdown()
        print(
            f"  scheduler start on the default knowledge base: {statistics.median(starts):.0f} ms"
            f" (open state, plan {summary.planned} reminders, {summary.scheduled} to come,"
            " start APScheduler)"
        )
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
