"""How long ``cyps import`` takes for a large file, and how long it holds the write lock.

Writes a CSV of ``--rows`` rows (every proposal of the default knowledge base, its years,
actual and forecast, repeated with changing amounts), then runs what ``cyps import`` runs:
read the file, check every row (no lock), write them all (one transaction). The lock is
timed from ``BEGIN IMMEDIATE`` to ``COMMIT`` as SQLite sees them. The baseline, measured in
the same run, is the floor for the same data: plain ``executemany`` of as many rows into a
bare table of the same shape, in one transaction.

    .venv/bin/python -m benchmarks.import_bench --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bot.runtime import Runtime
from commands.csv_rows import CSV_COLUMNS, check_rows
from knowledge.dates import LONDON


def write_csv(path: Path, runtime: Runtime, rows: int) -> None:
    targets = []
    for proposal in runtime.kb.proposals():
        savings = runtime.kb.proposal_savings(proposal.programme_id, proposal.id)
        for year, _ in savings.by_year if savings else ():
            for kind in ("actual", "forecast"):
                targets.append((proposal.programme_id, proposal.ref or proposal.id, year, kind))
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for index, target in zip(range(rows), itertools.cycle(targets), strict=False):
            writer.writerow([*target, f"{100 + index % 900}k"])


def baseline(folder: Path, rows: int) -> float:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("create table t (a, b, c, d, e, f, g)")
    data = [("p", str(i), "2017-18", "actual", "1", "u", "t") for i in range(rows)]
    started = time.perf_counter()
    conn.execute("begin")
    conn.executemany("insert into t values (?, ?, ?, ?, ?, ?, ?)", data)
    conn.executemany("insert into t values (?, ?, ?, ?, ?, ?, ?)", data)  # and the change log
    conn.execute("commit")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def measure(rows: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home)
        runtime = Runtime.start({"CYPS_HOME": home})
        csv_path = folder / "big.csv"
        write_csv(csv_path, runtime, rows)
        marks: dict[str, float] = {}

        def trace(sql: str) -> None:
            if sql.startswith(("BEGIN IMMEDIATE", "COMMIT")):
                marks[sql.split()[0]] = time.perf_counter()

        runtime.tracking.conn.set_trace_callback(trace)
        started = time.perf_counter()
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            read = [
                {k.strip().lower(): v for k, v in row.items() if k}
                for row in csv.DictReader(handle)
            ]
        records, problems = check_rows(runtime.kb, read)
        checked = time.perf_counter()
        assert not problems, problems[:3]
        runtime.tracking.import_amounts(
            records, "bench", "import", datetime(2017, 7, 3, 9, tzinfo=LONDON)
        )
        done = time.perf_counter()
        floor = baseline(folder, rows)
    lock = marks["COMMIT"] - marks["BEGIN"]
    print(f"{rows:,} rows: import {done - started:.2f} s in all")
    print(f"  read and check every row (no lock held): {checked - started:.2f} s")
    print(f"  write (the lock held, BEGIN IMMEDIATE to COMMIT): {lock:.2f} s")
    print(
        f"  baseline, bare executemany of the same count twice: {floor:.2f} s"
        f" (lock time is {lock / floor:.1f}x that)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    measure(parser.parse_args().rows)


if __name__ == "__main__":
    main()
