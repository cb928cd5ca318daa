"""Time the engine per command on the default knowledge base and on one 100 times larger.

Run by hand with ``make bench``. Figures are reported as p50/p99 in milliseconds and as a ratio
against a baseline measured in the same run: one indexed SQLite lookup of a proposal. Target:
p99 under 20 ms per answer at 100x on the project's 2-core machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from commands.call import Context, MemoryPreferences
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.build import build_knowledge_base, write_programme
from knowledge.queries import KnowledgeBase
from knowledge.schema import migrate
from knowledge.source_files import ProgrammeSource, load_sources

COPIES = 100
RUNS = 300
WARMUP = 30
TODAY = date(2014, 10, 1)

# (question, programme the asking channel defaults to)
QUESTIONS = [
    ("savings 1.6", "haringey-mtfs-2017"),
    ("savings", "haringey-mtfs-2017"),
    ("proposals amber", "haringey-mtfs-2017"),
    ("phase", "haringey-54000"),
    ("gateway next", "haringey-54000"),
    ("next", "harrow-ics-2011"),
    ("milestones", "haringey-fom-2015"),
    ("gap", "haringey-54000"),
    ("roi", "kent-0-25"),
    ("check", "haringey-mtfs-2017"),
    ("strategic partner cost", "haringey-54000"),
    ("help", "kent-0-25"),
]


def build_scaled(path: Path, copies: int) -> Path:
    """Every programme ``copies`` times over (ids suffixed -x000 ...), so each query scans 100x rows."""
    db = Database(path)
    migrate(db)
    with db.conn:
        for source in load_sources():
            programme = source.programme_file.programme
            for n in range(copies):
                suffix = f"-x{n:03d}"
                renamed = programme.model_copy(
                    update={
                        "id": programme.id + suffix,
                        "council": programme.council + suffix,
                        "aliases": tuple(f"{a}{suffix}" for a in programme.aliases),
                    }
                )
                scaled = source.programme_file.model_copy(update={"programme": renamed})
                write_programme(db, ProgrammeSource(source.path, scaled))
        db["meta"].insert({"key": "sources_fingerprint", "value": "scaled"})
    db.close()
    return path


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(action: Callable[[], object]) -> list[float]:
    for _ in range(WARMUP):
        action()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(kb: KnowledgeBase, suffix: str) -> tuple[list[float], dict[str, list[float]]]:
    preferences = MemoryPreferences()
    engine = Engine(kb, default_registry(), preferences)
    conn = kb.db.conn
    target = f"haringey-mtfs-2017{suffix}"
    baseline = timed(
        lambda: conn.execute(
            "select * from proposals where programme_id = ? and id = ?", (target, "1.6")
        ).fetchall()
    )
    results = {}
    for question, programme in QUESTIONS:
        channel = f"C-{programme}"
        preferences.set_default_programme(channel, programme + suffix, "bench")
        context = Context(today=TODAY, channel_id=channel)
        answer = engine.answer(question, context)
        if not answer.ok:
            raise SystemExit(f"benchmark question failed: {question!r}: {answer.title}")
        results[question] = timed(lambda q=question, c=context: engine.answer(q, c))
    return baseline, results


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        small_path = build_knowledge_base(Path(folder) / "default.db")
        small_build = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        large_path = build_scaled(Path(folder) / "scaled.db", COPIES)
        large_build = (time.perf_counter() - started) * 1000
        small, large = KnowledgeBase.open(small_path), KnowledgeBase.open(large_path)
        base_small, res_small = measure(small, "")
        base_large, res_large = measure(large, "-x050")
    b_small, b_large = statistics.median(base_small), statistics.median(base_large)
    print(f"knowledge base build: default {small_build:.0f} ms, {COPIES}x {large_build:.0f} ms")
    print(
        f"baseline (one indexed SQLite lookup) p50: default {b_small * 1000:.1f} us, {COPIES}x {b_large * 1000:.1f} us"
    )
    print(
        f"{'command':<26}{'default p50':>12}{'p99':>8}{f'{COPIES}x p50':>11}{'p99':>8}{'p50/base':>10}{'p99 ok':>8}"
    )
    worst = 0.0
    for question, _ in QUESTIONS:
        s, big = res_small[question], res_large[question]
        p99 = percentile(big, 0.99)
        worst = max(worst, p99)
        ratio = percentile(big, 0.5) / b_large
        print(
            f"{question:<26}{percentile(s, 0.5):>10.2f}ms{percentile(s, 0.99):>6.2f}ms"
            f"{percentile(big, 0.5):>9.2f}ms{p99:>6.2f}ms{ratio:>9.0f}x{'yes' if p99 < 20 else 'NO':>8}"
        )
    print(f"worst p99 at {COPIES}x: {worst:.2f} ms (target < 20 ms)")
    return 0 if worst < 20 else 1


if __name__ == "__main__":
    sys.exit(main())
