"""How long ``cyps ask`` takes as a whole process, against ``python -c pass`` in the same run.

``cyps`` is the console script ``make`` installs beside the interpreter (the module
``bot.cli`` where there is none). Both run as subprocesses of the same interpreter,
alternating so both see the same machine noise, ``--runs`` times each after a warm-up
(which also builds the knowledge base in a temporary ``CYPS_HOME``, as a first run would,
and writes the bytecode cache). It prints both medians, their ratio, and the ratio by
round, to show how much of a difference is noise. The target is 5x.

    .venv/bin/python -m benchmarks.startup_bench --runs 40
    .venv/bin/python -m benchmarks.startup_bench --question "gateway next"

Not a test: it prints figures. ``python -X importtime -m bot.cli ask savings 1.6`` shows where
an import-heavy start-up spends its time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 5.0


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its exit; a failed run stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 2):  # 2: the question was answered with a miss
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def cyps_command() -> list[str]:
    """``cyps`` as a user runs it: the console script installed beside this interpreter (as
    ``make`` installs it), else the module it runs."""
    script = Path(sys.executable).with_name("cyps")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def measure(question: str, runs: int, warmup: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CYPS_HOME": home, "CYPS_TODAY": "2014-10-01"}
        # as on a user's machine, the warm-up writes the bytecode every later start reads;
        # with PYTHONDONTWRITEBYTECODE set (as some shells and CI images do) each run would
        # compile every module not yet cached, and measure the compiler instead
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        floor = [sys.executable, "-c", "pass"]
        ask = [*cyps_command(), "ask", *question.split()]
        for _ in range(max(1, warmup)):  # the first also builds the knowledge base
            timed_run(ask, env)
            timed_run(floor, env)
        bare: list[float] = []
        ours: list[float] = []
        for _ in range(runs):
            bare.append(timed_run(floor, env))
            ours.append(timed_run(ask, env))
    bare_p50, ours_p50 = statistics.median(bare), statistics.median(ours)
    print(f"{'process':32} {'n':>4} {'p50 ms':>8} {'min ms':>8}")
    print(f"{'python -c pass':32} {runs:4} {bare_p50 * 1000:8.1f} {min(bare) * 1000:8.1f}")
    print(f"{'cyps ask ' + question:32} {runs:4} {ours_p50 * 1000:8.1f} {min(ours) * 1000:8.1f}")
    size = max(1, runs // rounds)
    by_round = [
        statistics.median(ours[i : i + size]) / statistics.median(bare[i : i + size])
        for i in range(0, size * rounds, size)
        if bare[i : i + size]
    ]
    print("ratio by round: " + ", ".join(f"{r:.1f}x" for r in by_round))
    ratio = ours_p50 / bare_p50
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"p50 ratio {ratio:.1f}x: {verdict} the {TARGET_RATIO:.0f}x target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each process")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5, help="split the run to show its noise")
    parser.add_argument("--question", default="savings 1.6")
    args = parser.parse_args()
    measure(args.question, args.runs, args.warmup, args.rounds)


if __name__ == "__main__":
    main()
