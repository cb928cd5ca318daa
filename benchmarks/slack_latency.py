"""End-to-end /cyps latency over loopback, against a bare Bolt app measured in the same run.

A signed slash-command request goes over HTTP to the server ``cyps bot --http`` runs (Bolt's
WSGI adapter on a threaded wsgiref server) and the answer comes back in the response. The bare
app is the same Bolt ``App`` on the same server, acking a constant, so the ratio is what cyps
itself adds: decoding, the engine, Block Kit rendering and a larger reply. Logging is set up as
``cyps bot`` sets it up (a line per answer), into a temporary file. Requests alternate between
the two apps so both see the same machine noise, and the run is split into rounds whose ratios
are printed too, to show how much of a difference is noise.

Then ``--clients`` (16) clients send requests at once, back to back, to one app and then the
other, ``--load-requests`` (1,500) per app in each of ``--load-rounds`` (9) rounds, alternating
which app goes first; answers per second are compared round by round, and the median ratio is
the figure. (Rounds of 500 requests, under half a second each, moved the ratio by up to 0.3
from one round to the next on a shared machine; longer and more rounds steady the median.)

    make bench-slack
    .venv/bin/python -m benchmarks.slack_latency --requests 2000 --question "savings 1.6"
    .venv/bin/python -m benchmarks.slack_latency --clients 0   # one at a time only

Not a test: it prints figures. The targets: every question's p50 within 1.2x of the bare
app's, and answers per second with 16 clients at least 0.9x the bare app's.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import multiprocessing
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

from slack_bolt import Ack, App

from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.serve import EVENTS_PATH, configure_logging, make_http_server
from bot.slack.services import Services
from tests.slack_support import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlack,
    signed_headers,
    slash_command_body,
)

TARGET_RATIO = 1.2
TARGET_THROUGHPUT = 0.9
# What a board member asks most: a proposal, the next dates, the current phase, help, a
# programme's return, the audit, and questions in their own words.
DEFAULT_QUESTIONS = (
    "savings 1.6",
    "gateway next",
    "checkpoint next",
    "phase",
    "help",
    "roi kent",
    "check",
    "how much will adoption save in 2019-20?",
    "adoption payments",
)


def bare_app(client_url: str) -> App:
    """Bolt at its cheapest: same settings as cyps, a listener that acks a constant."""
    app = App(
        client=create_web_client(BOT_TOKEN, client_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
    )

    def constant(ack: Ack) -> None:
        ack(response_type="ephemeral", text="ok")

    app.command("/cyps")(constant)
    return app


def serve(app: App) -> tuple[Callable[[], None], int]:
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return stop, server.server_address[1]


def one_request(port: int, body: str) -> float:
    """Seconds from sending a freshly signed request to having read the whole answer."""
    headers = signed_headers(body)
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", EVENTS_PATH, body=body.encode(), headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200 or not data:
        raise RuntimeError(f"request failed: {response.status} {data[:200]!r}")
    return elapsed


def throughput(port: int, bodies: list[str], clients: int, requests: int) -> float:
    """Answers per second with ``clients`` threads each sending requests back to back."""
    numbers = itertools.count()
    failures: list[Exception] = []

    def client() -> None:
        while (i := next(numbers)) < requests:
            try:
                one_request(port, bodies[i % len(bodies)])
            except (OSError, RuntimeError) as error:
                failures.append(error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(
            f"{len(failures)} of {requests} concurrent requests failed: {failures[0]}"
        )
    return requests / elapsed


def concurrency(
    ports: tuple[int, int], bodies: list[str], clients: int, requests: int, rounds: int
) -> tuple[list[float], list[float]]:
    """Answers per second per round, cyps' and the bare app's, alternating which goes first."""
    cyps_port, bare_port = ports
    throughput(cyps_port, bodies, clients, clients * 4)  # warm both pools of threads
    throughput(bare_port, bodies, clients, clients * 4)
    ours: list[float] = []
    bare: list[float] = []
    for number in range(rounds):
        if number % 2:
            ours.append(throughput(cyps_port, bodies, clients, requests))
            bare.append(throughput(bare_port, bodies, clients, requests))
        else:
            bare.append(throughput(bare_port, bodies, clients, requests))
            ours.append(throughput(cyps_port, bodies, clients, requests))
    return ours, bare


def print_concurrency(clients: int, requests: int, ours: list[float], bare: list[float]) -> None:
    ratios = [mine / theirs for mine, theirs in zip(ours, bare, strict=True)]
    print(
        f"{clients} clients at once, {requests} requests per app per round:"
        f" bare {percentile(bare, 0.5):.0f}/s, cyps {percentile(ours, 0.5):.0f}/s (medians)"
    )
    print("answers/s ratio by round: " + ", ".join(f"{r:.2f}x" for r in ratios))
    ratio = percentile(ratios, 0.5)
    verdict = "within" if ratio >= TARGET_THROUGHPUT else "short of"
    print(f"answers/s ratio {ratio:.2f}x (median): {verdict} the {TARGET_THROUGHPUT}x target")


def in_process(services: Services, question: str, runs: int) -> tuple[float, float]:
    """Median seconds for the engine's answer and its Slack message, without Bolt or HTTP:
    worked out afresh (the engine's recent answers cleared first), and given again from
    them, as a question asked again with nothing changed is."""
    engine = services.engine
    worked: list[float] = []
    kept: list[float] = []
    for samples in (worked, kept):
        for _ in range(runs):
            if samples is worked and engine.recent is not None:
                engine.recent.clear()
            started = time.perf_counter()
            context = services.context("C0BOARD", "U0ASKER", stamped=False)
            services.messages.message(
                engine.answer(question, context),
                question,
                context.today,
                engine.registry,
                services.button_key,
            )
            samples.append(time.perf_counter() - started)
    return percentile(worked, 0.5), percentile(kept, 0.5)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_servers(mock_url: str, questions: tuple[str, ...], runs: int, pipe: Connection) -> None:
    """The server process: cyps as ``cyps bot --http`` serves it (its caches warmed and its
    heap settled as at start, without the reminder and knowledge-base threads, which wake
    every few seconds), and the bare app beside it.

    Sends both ports, waits for the client to finish, then measures the engine in process.
    """
    with tempfile.TemporaryDirectory() as home, open(Path(home) / "cyps.log", "w") as log_file:
        configure_logging(log_file)  # as `cyps bot` runs: a line per answer, to a file here
        runtime = Runtime.start({"CYPS_HOME": home})
        runtime.warm()  # as `cyps bot` does at start (in a thread there; here before serving)
        services = Services(engine=runtime.engine, today=lambda: date(2014, 10, 1))
        cyps = create_app(
            services, create_web_client(BOT_TOKEN, mock_url), signing_secret=SIGNING_SECRET
        )
        stop_cyps, cyps_port = serve(cyps)
        stop_bare, bare_port = serve(bare_app(mock_url))
        try:
            pipe.send((cyps_port, bare_port))
            pipe.recv()  # the client has finished
            pipe.send({q: in_process(services, q, runs) for q in questions})
        finally:
            stop_cyps()
            stop_bare()
            services.executor.shutdown()


def measure(
    requests: int,
    questions: tuple[str, ...],
    warmup: int,
    rounds: int = 5,
    clients: int = 16,
    load: tuple[int, int] = (9, 1500),
) -> None:
    """Time the two apps from a client in this process; they serve from a process of their
    own, as they would for Slack, so the client never competes with them for the GIL."""
    mock = MockSlack().start()
    ours_end, theirs_end = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=run_servers,
        args=(mock.url, questions, max(50, requests // 10), theirs_end),
        daemon=True,
    )
    server.start()
    try:
        cyps_port, bare_port = ours_end.recv()
        bodies = [slash_command_body(q, mock.response_url()) for q in questions]
        for i in range(warmup):
            one_request(cyps_port, bodies[i % len(bodies)])
            one_request(bare_port, bodies[i % len(bodies)])
        bare: list[float] = []
        mine: dict[str, list[float]] = {q: [] for q in questions}
        ours: list[float] = []  # every cyps sample in order, for the rounds
        for i in range(requests):
            question = questions[i % len(questions)]
            bare.append(one_request(bare_port, bodies[i % len(bodies)]))
            ours.append(one_request(cyps_port, bodies[i % len(bodies)]))
            mine[question].append(ours[-1])
        load_rounds, per_round = load[0], max(clients * 10, load[1])
        rates = (
            ([], [])
            if not clients
            else concurrency((cyps_port, bare_port), bodies, clients, per_round, load_rounds)
        )
        ours_end.send("done")
        engine_only: dict[str, tuple[float, float]] = ours_end.recv()
    finally:
        server.join(timeout=30)
        if server.is_alive():
            server.kill()
        mock.stop()

    every = [s for samples in mine.values() for s in samples]

    bare_p50 = percentile(bare, 0.5)
    width = max(28, *(len(q) + 2 for q in questions))

    def row(name: str, samples: list[float], engine: tuple[float, float] | None = None) -> str:
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        line = f"{name:{width}} {len(samples):6} {p50 * 1000:8.2f} {p99 * 1000:8.2f}"
        line += f" {p50 / bare_p50:7.2f}x"
        if engine is not None:
            worked, kept = engine
            layer = p50 - bare_p50 - kept
            line += f" {worked * 1000:9.2f} {kept * 1000:7.2f} {layer * 1000:8.2f}"
        return line

    print(
        f"{'app / question':{width}} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'p50/bare':>8}"
        f" {'worked ms':>9} {'kept ms':>7} {'layer ms':>8}"
    )
    print(row("bare Bolt (constant ack)", bare))
    print(row("cyps, all questions", every))
    for question, samples in mine.items():
        print(row(f"  {question}", samples, engine_only[question]))
    print(
        "worked ms: the engine's answer and its Block Kit message worked out afresh, in process"
        " (p50); kept ms: the same question again, from the engine's recent answers (what a"
        " repeated request pays); layer ms: what is left of cyps' p50 after the bare app's and"
        " kept ms, i.e. the Slack face's own cost"
    )
    size = max(1, requests // rounds)
    by_round = [
        percentile(ours[i : i + size], 0.5) / percentile(bare[i : i + size], 0.5)
        for i in range(0, size * rounds, size)
        if bare[i : i + size]
    ]
    print("p50 ratio by round: " + ", ".join(f"{r:.2f}x" for r in by_round))
    ratio = percentile(every, 0.5) / percentile(bare, 0.5)
    worst = max(percentile(samples, 0.5) for samples in mine.values()) / bare_p50
    verdict = "within" if worst <= TARGET_RATIO else "over"
    print(
        f"p50 ratio {ratio:.2f}x for all questions, {worst:.2f}x for the slowest:"
        f" {verdict} the {TARGET_RATIO}x target"
    )
    if clients:
        print_concurrency(clients, per_round, *rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2500, help="timed requests per app")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5, help="split the run to show its noise")
    parser.add_argument(
        "--question", action="append", help="question to ask (repeatable); default a mix"
    )
    parser.add_argument(
        "--clients", type=int, default=16, help="concurrent clients for answers/s (0: skip)"
    )
    parser.add_argument("--load-rounds", type=int, default=9, help="rounds of answers/s")
    parser.add_argument(
        "--load-requests", type=int, default=1500, help="requests per app per answers/s round"
    )
    args = parser.parse_args()
    questions = tuple(args.question or DEFAULT_QUESTIONS)
    load = (args.load_rounds, args.load_requests)
    measure(args.requests, questions, args.warmup, args.rounds, args.clients, load)


if __name__ == "__main__":
    main()
