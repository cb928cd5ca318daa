"""How cyps holds up at 1x, 100x and 1000x the default knowledge base, through the path a real
user takes: programme files in a folder named by ``CYPS_SOURCES``, ``cyps kb build``, then the
bot's own ``Runtime`` answering a mix of questions, over Slack's real Bolt request path.

Every default programme file is copied N-1 more times with its id suffixed (``kent-0-25-c0007``);
aliases stay as printed, so "kent" names every Kent copy, as a council name would. Per size, one
run prints: the build's time, the database's size, then for each question of the mix, asked in
a channel with no default and in one whose default is ``haringey-mtfs-2017``:

* cold: the first answer after start (engine time, and Slack's ack: an answer, or a holding note
  when the answer takes longer than the bot's time budget);
* warm p50/p99 of the engine's answer;
* after reload: the first answer once a second ``cyps kb build`` has been picked up;

and the process's RSS after the mix. The 1x row is the baseline: ratios are against it.

    .venv/bin/python -m benchmarks.scale                 # 1x, 100x, 1000x
    .venv/bin/python -m benchmarks.scale --sizes 1 100 --warm 50

Not a test: it prints figures. The targets (issue 14) at 1000x: every first answer under 1 s
as Slack sees it, warm p99 under 20 ms, RSS under 300 MB, ``cyps kb build`` under 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from knowledge.build import DEFAULT_SOURCES_DIR

DEFAULT_CHANNEL = "C0DEFAULT"  # its default is the original haringey-mtfs-2017
PLAIN_CHANNEL = "C0PLAIN"  # no default: answers span every programme
MIX = (
    "savings 1.6",  # a ref every Haringey 2017 copy has
    "savings",
    "roi",
    "roi kent",  # an alias every Kent copy shares
    "check",
    "gateway next",
    "phase",
    "adoption payments",  # free text
    "how much will adoption save in 2019-20?",
    "proposals red",
)
_ID_LINE = re.compile(r'^id = "([^"]+)"', re.M)


def copy_sources(folder: Path, copies: int) -> int:
    """The default programme files, each ``copies`` times (the first as it is); files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for source in sorted(DEFAULT_SOURCES_DIR.glob("*.toml")):
        text = source.read_text()
        match = _ID_LINE.search(text)  # the [programme] table's id comes first in every file
        if match is None:
            raise SystemExit(f"{source.name}: no programme id line")
        pid = match.group(1)
        for n in range(copies):
            copy_id = pid if n == 0 else f"{pid}-c{n:04d}"
            body = text[: match.start()] + f'id = "{copy_id}"' + text[match.end() :]
            (folder / f"{copy_id}.toml").write_text(body)
            written += 1
    return written


def cyps(*args: str, env: dict[str, str]) -> float:
    """Seconds a ``cyps`` command takes as its own process (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def worker(home: str, sources: str, warm: int) -> None:
    """In a fresh process: the bot as it runs, the mix cold, warm, and after a reload."""
    from datetime import date

    from slack_bolt import BoltRequest

    from bot.runtime import Runtime
    from bot.slack.app import create_app
    from bot.slack.services import Services
    from tests.slack_support import (
        MockSlack,
        signed_headers,
        slash_command_body,
        web_client,
    )

    env = {**os.environ, "CYPS_HOME": home, "CYPS_SOURCES": sources}
    started = time.perf_counter()
    runtime = Runtime.start(env)
    start_s = time.perf_counter() - started
    watcher = runtime.follow_rebuilds()
    engine = runtime.engine
    today = date(2015, 6, 15)
    services = Services(engine=engine, today=lambda: today)
    mock = MockSlack().start()
    app = create_app(services, web_client(mock), signing_secret="bench-secret")
    engine.preferences.set_default_programme(DEFAULT_CHANNEL, "haringey-mtfs-2017", "U0BENCH")

    def engine_ms(question: str, channel: str) -> float:
        context = services.context(channel, "U0BENCH")
        t = time.perf_counter()
        engine.answer(question, context)
        return (time.perf_counter() - t) * 1000

    def slack_first(question: str, channel: str) -> tuple[float, bool]:
        """Milliseconds to Slack's ack of a signed /cyps request, and whether it held."""
        body = slash_command_body(question, mock.response_url(), channel_id=channel)
        headers = signed_headers(body, secret="bench-secret")
        t = time.perf_counter()
        response = app.dispatch(BoltRequest(body=body, headers=headers))
        elapsed = (time.perf_counter() - t) * 1000
        held = "Working on it" in (response.body or "")
        return elapsed, held

    rows: dict[str, dict[str, object]] = {}
    for channel in (PLAIN_CHANNEL, DEFAULT_CHANNEL):
        for question in MIX:
            key = f"{'default' if channel == DEFAULT_CHANNEL else 'none'} | {question}"
            ack_ms, held = slack_first(question, channel)
            rows[key] = {"cold_ack_ms": ack_ms, "cold_held": held}
    services.executor.shutdown(wait=True)  # every held answer delivered before timing warm
    services = Services(engine=engine, today=lambda: today)
    app = create_app(services, web_client(mock), signing_secret="bench-secret")
    for channel in (PLAIN_CHANNEL, DEFAULT_CHANNEL):
        for question in MIX:
            key = f"{'default' if channel == DEFAULT_CHANNEL else 'none'} | {question}"
            samples = [engine_ms(question, channel) for _ in range(warm)]
            rows[key]["warm_p50_ms"] = percentile(samples, 0.5)
            rows[key]["warm_p99_ms"] = percentile(samples, 0.99)
    after_mix = rss_mb()
    generation = engine.kb.generation
    rebuild_s = cyps("kb", "build", env=env)
    deadline = time.monotonic() + 120
    while engine.kb.generation == generation and time.monotonic() < deadline:
        time.sleep(0.05)
    reloaded = engine.kb.generation != generation
    for channel in (PLAIN_CHANNEL, DEFAULT_CHANNEL):
        for question in MIX:
            key = f"{'default' if channel == DEFAULT_CHANNEL else 'none'} | {question}"
            ack_ms, held = slack_first(question, channel)
            rows[key]["reload_ack_ms"] = ack_ms
            rows[key]["reload_held"] = held
    services.executor.shutdown(wait=True)
    watcher.stop()
    mock.stop()
    print(
        json.dumps(
            {
                "start_s": start_s,
                "rss_after_mix_mb": after_mix,
                "rss_end_mb": rss_mb(),
                "rebuild_s": rebuild_s,
                "reloaded": reloaded,
                "rows": rows,
            }
        )
    )


def measure(copies: int, warm: int, root: Path) -> dict[str, object]:
    folder, home = root / f"x{copies}" / "sources", root / f"x{copies}" / "home"
    files = copy_sources(folder, copies)
    env = {**os.environ, "CYPS_HOME": str(home), "CYPS_SOURCES": str(folder)}
    build_s = cyps("kb", "build", env=env)
    db = home / "knowledge.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.scale",
            "--worker",
            str(home),
            str(folder),
            "--warm",
            str(warm),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "copies": copies,
        "files": files,
        "build_s": build_s,
        "db_mb": db.stat().st_size / 2**20 if db.exists() else float("nan"),
        **result,
    }


def report(results: list[dict[str, object]]) -> None:
    base = results[0]
    print(
        f"{'size':>6} {'files':>6} {'build s':>8} {'DB MB':>7} {'start s':>8} "
        f"{'rebuild s':>9} {'RSS MB':>7}"
    )
    for r in results:
        print(
            f"{r['copies']:>5}x {r['files']:>6} {r['build_s']:8.1f} {r['db_mb']:7.1f} "
            f"{r['start_s']:8.2f} {r['rebuild_s']:9.1f} {r['rss_after_mix_mb']:7.0f}"
            f"{'' if r['reloaded'] else '  (reload not seen)'}"
        )
    print()
    header = (
        f"{'question (channel default | text)':46} {'size':>5} {'cold ack':>9} "
        f"{'warm p50':>9} {'warm p99':>9} {'p99/1x':>7} {'reload ack':>10}"
    )
    print(header + "   (ms; * = a holding note acked, the answer followed)")
    for key in base["rows"]:  # type: ignore[union-attr]
        for r in results:
            row = r["rows"][key]  # type: ignore[index]
            base_p99 = base["rows"][key]["warm_p99_ms"]  # type: ignore[index]
            held = "*" if row["cold_held"] else " "
            reheld = "*" if row["reload_held"] else " "
            print(
                f"{key:46} {r['copies']:>4}x {row['cold_ack_ms']:8.1f}{held} "
                f"{row['warm_p50_ms']:9.2f} {row['warm_p99_ms']:9.2f} "
                f"{row['warm_p99_ms'] / base_p99:6.1f}x {row['reload_ack_ms']:9.1f}{reheld}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--warm", type=int, default=30, help="warm answers per question")
    parser.add_argument("--worker", nargs=2, metavar=("HOME", "SOURCES"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="build the sizes here and keep them")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.warm)
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        results = []
        for copies in args.sizes:
            results.append(measure(copies, args.warm, root))
            print(f"measured {copies}x", file=sys.stderr)
        report(results)


if __name__ == "__main__":
    main()
