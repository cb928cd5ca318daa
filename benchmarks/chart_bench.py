"""Time drawing each chart as a PNG, and the whole Slack path of a chart question.

Run by hand: ``.venv/bin/python -m benchmarks.chart_bench``. Per chart it reports the median
and the slowest of several draws, and their ratio to a baseline drawn in the same run: an
empty figure of the same size saved as PNG (what matplotlib costs before any data). It then
times ``/cyps chart savings 1.6`` answered, drawn and uploaded to the local fake Slack
(``tests/slack_support``), and matplotlib's import in a fresh process (paid by a bot's first
chart). Slack wants an answer within 3 s; the bot acks a holding note past its 2 s budget.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.charts import DPI, WIDTH_INCHES, render_png
from bot.runtime import Runtime
from bot.slack.charts import ChartImages
from bot.slack.client import create_web_client
from commands.call import Context
from tests.slack_support import BOT_TOKEN, MockSlack

ROUNDS = 7
TODAY = date(2015, 2, 20)
QUESTIONS = (
    "chart savings 1.6",
    "chart savings kent",
    "chart gap haringey-54000",
    "chart roi kent",
    "chart milestones haringey-54000",
)


def empty_figure() -> bytes:
    """The baseline: a blank figure of the charts' size, through the same Agg canvas."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, 6.5), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.add_subplot()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def timed(work: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    work()  # warm: fonts and caches, as in a running bot
    found = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        found.append((time.perf_counter() - started) * 1000)
    return found


def import_cost() -> float:
    code = (
        "import time; t = time.perf_counter(); import matplotlib.figure, "
        "matplotlib.backends.backend_agg; print((time.perf_counter() - t) * 1000)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        runtime = Runtime.start({"CYPS_HOME": str(Path(home))})
        context = Context(today=TODAY)
        for round_number in (1, 2):
            base = timed(empty_figure)
            base_p50 = statistics.median(base)
            print(f"round {round_number}: empty figure (baseline) p50 {base_p50:.0f} ms")
            for question in QUESTIONS:
                (chart,) = runtime.engine.answer(question, context).charts
                took = timed(lambda chart=chart: render_png(chart))
                p50 = statistics.median(took)
                print(
                    f"  {question:<34} p50 {p50:4.0f} ms  max {max(took):4.0f} ms  "
                    f"{p50 / base_p50:4.1f}x baseline"
                )
        mock = MockSlack().start()
        try:
            client = create_web_client(BOT_TOKEN, mock.url)

            def slack_path() -> None:
                answer = runtime.engine.answer("chart savings 1.6", context)
                ChartImages().blocks(client, answer.charts)  # a fresh cache: draw and upload

            took = timed(slack_path)
            print(
                f"answer + draw + upload to a local Slack: p50 {statistics.median(took):.0f} ms,"
                f" max {max(took):.0f} ms (Slack's limit 3,000 ms; holding note past 2,000)"
            )
        finally:
            mock.stop()
        print(f"importing matplotlib in a fresh process: {import_cost():.0f} ms (first chart only)")


if __name__ == "__main__":
    main()
