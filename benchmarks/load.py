"""Concurrent signed /cyps requests against ``cyps bot --http`` and gunicorn, on 127.0.0.1 only.

Each server runs as Slack would meet it: its own process, started from the command line with
a fresh data folder, talking to a local stand-in for Slack's Web API. The client opens
``--concurrency`` connections at once (a barrier releases them together), waits for every
answer, and repeats for ``--rounds``; then it prints failures (refused, reset or timed-out
connections, and any status but 200), p50, p99 and the slowest answer, and how many arrived
inside Slack's three seconds. A baseline measured in the same run, one request at a time,
shows what the machine does without the crowd. Last, 100 unsigned 1 MiB POSTs, and how much
they grew the server's log.

    make bench-load          # installs gunicorn into .venv, then runs both
    .venv/bin/python -m benchmarks.load --concurrency 50 --rounds 20 --server http

Bounded: at most 5,000 requests per server, each with a 10-second timeout, and the whole run
stops after ``--deadline`` seconds. It sends nothing anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.slack.serve import EVENTS_PATH
from tests.slack_support import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlack,
    signed_headers,
    slash_command_body,
)

HOST = "127.0.0.1"
MAX_REQUESTS = 5000
REQUEST_TIMEOUT = 10.0
SLACK_BUDGET = 3.0
FLOOD_COUNT, FLOOD_BYTES = 100, 1024 * 1024
QUESTIONS = ("savings 1.6", "gateway next", "checkpoint next", "phase", "help", "gap kent")


@dataclass
class Outcome:
    """Every request's seconds to a full answer, and what went wrong with the others."""

    seconds: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, elapsed: float) -> None:
        with self.lock:
            self.seconds.append(elapsed)

    def failed(self, reason: str) -> None:
        with self.lock:
            self.failures[reason] = self.failures.get(reason, 0) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def one_request(port: int, body: str, outcome: Outcome) -> None:
    headers = signed_headers(body)
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        connection.request("POST", EVENTS_PATH, body=body.encode(), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
    except OSError as error:
        outcome.failed(type(error).__name__)
        return
    elapsed = time.perf_counter() - started
    if response.status != 200 or not data:
        outcome.failed(f"HTTP {response.status}")
    else:
        outcome.ok(elapsed)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def crowd(port: int, bodies: list[str], concurrency: int, rounds: int, deadline: float) -> Outcome:
    """``rounds`` times, ``concurrency`` requests released together; stops at ``deadline``."""
    outcome = Outcome()
    for round_number in range(rounds):
        if time.monotonic() > deadline:
            outcome.failed("not sent: deadline")
            break
        barrier = threading.Barrier(concurrency)

        def send(
            index: int, barrier: threading.Barrier = barrier, base: int = round_number
        ) -> None:
            barrier.wait()
            one_request(port, bodies[(base + index) % len(bodies)], outcome)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT * 2)
    return outcome


def refused(port: int, count: int, size: int) -> dict[str, int]:
    """``count`` unsigned POSTs of ``size`` bytes, as a flood would send them; their answers."""
    seen: dict[str, int] = {}
    body = b"x" * size
    for _ in range(count):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            connection.request(
                "POST", EVENTS_PATH, body=body, headers={"Content-Type": "text/plain"}
            )
            answer = f"HTTP {connection.getresponse().status}"
            connection.close()
        except OSError as error:  # the server may answer and close before the body is all sent
            answer = type(error).__name__
        seen[answer] = seen.get(answer, 0) + 1
    return seen


def settled_size(path: Path) -> int:
    """The file's size once it has stopped growing (the server writes its lines as it goes)."""
    size = -1
    while size != path.stat().st_size:
        size = path.stat().st_size
        time.sleep(0.3)
    return size


def one_at_a_time(port: int, bodies: list[str], count: int) -> Outcome:
    outcome = Outcome()
    for index in range(count):
        one_request(port, bodies[index % len(bodies)], outcome)
    return outcome


def server_command(kind: str, port: int) -> list[str]:
    if kind == "http":
        return [
            sys.executable,
            "-m",
            "bot.cli",
            "bot",
            "--http",
            "--host",
            HOST,
            "--port",
            str(port),
        ]
    return [
        sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "8",
        "--bind", f"{HOST}:{port}", "bot.wsgi:create_application()",
    ]  # fmt: skip


def wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start listening in time")


def measure(kind: str, mock: MockSlack, concurrency: int, rounds: int, deadline: float) -> None:
    home = Path(tempfile.mkdtemp(prefix="cyps-load-"))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CYPS_", "SLACK_"))},
        "CYPS_HOME": str(home),
        "CYPS_TODAY": "2014-10-01",
        "CYPS_REMINDERS": "off",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": mock.url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this tree's code
    }
    log_path = home / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        server_command(kind, port), env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_listening(port, process, timeout=60)
        bodies = [slash_command_body(q, mock.response_url()) for q in QUESTIONS]
        one_at_a_time(port, bodies, 20)  # warm up
        baseline = one_at_a_time(port, bodies, 100)
        loaded = crowd(port, bodies, concurrency, rounds, deadline)
        before = settled_size(log_path)
        answers = refused(port, FLOOD_COUNT, FLOOD_BYTES)
        growth = settled_size(log_path) - before
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    report(kind, concurrency, rounds, baseline, loaded)
    print(
        f"  {FLOOD_COUNT} unsigned {FLOOD_BYTES // 1024} KiB POSTs: {answers}; "
        f"the server's log grew {growth:,} bytes"
    )
    shutil.rmtree(home, ignore_errors=True)


def report(kind: str, concurrency: int, rounds: int, baseline: Outcome, loaded: Outcome) -> None:
    sent = concurrency * rounds
    answered = len(loaded.seconds)
    failed = sum(loaded.failures.values())
    inside = sum(1 for s in loaded.seconds if s <= SLACK_BUDGET)
    base_p50 = percentile(baseline.seconds, 0.5)
    p50, p99 = percentile(loaded.seconds, 0.5), percentile(loaded.seconds, 0.99)
    print(f"{kind}: {concurrency} concurrent x {rounds} rounds = {sent} requests")
    print(f"  failures: {failed}" + (f" {loaded.failures}" if failed else ""))
    print(
        f"  answered {answered}: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"slowest {max(loaded.seconds, default=0) * 1000:.0f} ms; "
        f"{inside}/{sent} inside {SLACK_BUDGET:.0f} s"
    )
    print(
        f"  baseline one at a time: p50 {base_p50 * 1000:.1f} ms "
        f"(p99 under load is {p99 / base_p50 if base_p50 else 0:.0f}x that)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--server", choices=("http", "gunicorn", "both"), default="both")
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds, per server")
    args = parser.parse_args()
    if args.concurrency * args.rounds > MAX_REQUESTS:
        parser.error(f"at most {MAX_REQUESTS} requests per server")
    kinds = ["http", "gunicorn"] if args.server == "both" else [args.server]
    mock = MockSlack().start()
    try:
        for kind in kinds:
            if kind == "gunicorn" and importlib.util.find_spec("gunicorn") is None:
                print("gunicorn: not installed (make bench-load installs it); skipped")
                continue
            measure(kind, mock, args.concurrency, args.rounds, time.monotonic() + args.deadline)
    finally:
        mock.stop()


if __name__ == "__main__":
    main()
