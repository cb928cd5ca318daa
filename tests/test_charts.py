"""Charts: their data (not pixels) checked against the knowledge base and the tracking store,
and the PNG they draw checked as an image of sensible size."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.charts import render_png
from bot.cli import main
from bot.runtime import Runtime
from bot.shell import run_shell
from commands.call import Context
from commands.chart import BarChart, Chart, LineChart, Timeline
from commands.engine import Engine
from knowledge.dates import LONDON
from knowledge.investment import roi_inputs
from knowledge.queries import KnowledgeBase
from knowledge.roi import evaluate_roi

NOW = datetime(2017, 6, 30, 10, 0, tzinfo=LONDON)
EXAMPLES = (
    "chart savings 1.6",
    "chart savings kent",
    "chart gap haringey-54000",
    "chart roi kent",
    "chart roi 1.3",
    "chart milestones haringey-54000",
    "chart milestones kent",
)


def ask(engine: Engine, text: str, today: date = date(2015, 2, 20)):
    return engine.answer(text, Context(today=today, is_admin=True, now=NOW, via="slack"))


def only_chart(engine: Engine, text: str, today: date = date(2015, 2, 20)) -> Chart:
    answer = ask(engine, text, today)
    assert answer.ok, answer.title
    (chart,) = answer.charts
    return chart


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_proposal_savings_chart_is_the_papers_row_and_says_its_figures(
    plain_engine: Engine, kb: KnowledgeBase
) -> None:
    answer = ask(plain_engine, "chart savings 1.6")
    body = answer.charts[0].body
    assert isinstance(body, BarChart)
    proposal = kb.proposals_with_ref("1.6")[0]
    row = kb.proposal_savings(proposal.programme_id, proposal.id)
    assert row is not None
    assert body.categories == tuple(y for y, _ in row.by_year)
    (planned,) = body.bars
    assert planned.values == tuple(v for _, v in row.by_year)
    assert planned.labels == ("£150k", "£148k", "£310k")
    assert body.axis == "£ thousands"
    assert answer.lines[0] == "Planned: 2017-18 £150k | 2018-19 £148k | 2019-20 £310k | total £608k"
    assert "haringey-mtfs-2017" in answer.charts[0].subtitle
    assert "row 1.6" in answer.charts[0].subtitle
    assert "£310k" in answer.charts[0].summary


def test_savings_chart_puts_delivered_and_forecast_beside_the_plan_once_recorded(
    runtime: Runtime,
) -> None:
    engine = runtime.engine
    ask(engine, "actual 1.6 2017-18 120k")
    ask(engine, "forecast 1.6 2018-19 £140k")
    answer = ask(engine, "chart savings 1.6")
    body = answer.charts[0].body
    assert isinstance(body, BarChart)
    by_role = {bars.role: bars.values for bars in body.bars}
    assert by_role["delivered"] == (Decimal(120), None, None)
    assert by_role["forecast"] == (None, Decimal(140), None)
    assert "Delivered: 2017-18 £120k | total £120k" in answer.lines
    programme = only_chart(engine, "chart savings haringey-mtfs-2017").body
    assert isinstance(programme, BarChart)
    assert {b.role: b.values for b in programme.bars}["delivered"][0] == Decimal(120)


def test_kent_savings_chart_has_target_and_stretch_as_printed(
    plain_engine: Engine, kb: KnowledgeBase
) -> None:
    body = only_chart(plain_engine, "chart savings kent").body
    assert isinstance(body, BarChart)
    assert [b.role for b in body.bars] == ["target", "stretch"]
    assert body.axis == "£ millions"
    for bars in body.bars:
        printed = {
            f.period: f.amount.value
            for f in kb.figures("kent-0-25", measure="savings", scenario=bars.role)
            if f.period != "total"
        }
        assert dict(zip(body.categories, bars.values, strict=True)) == printed


def test_gap_chart_is_cost_funding_and_their_difference_as_gap_works_it_out(
    plain_engine: Engine,
) -> None:
    body = only_chart(plain_engine, "chart gap haringey-54000").body
    assert isinstance(body, BarChart)
    cost, funding, gap = (b.values for b in body.bars)
    assert body.categories == ("2013-14", "2014-15", "2015-16")
    assert all(
        c is not None and f is not None and g == c - f
        for c, f, g in zip(cost, funding, gap, strict=True)
    )
    worked_out = ask(plain_engine, "gap haringey-54000").data["haringey-54000"]
    assert {y: str(g) for y, g in zip(body.categories, gap, strict=True)} == {
        y: v for y, v in worked_out.items() if y != "total"
    }


@pytest.mark.parametrize(
    ("question", "programme", "proposal"), [("chart roi kent", "kent-0-25", None)]
)
def test_roi_chart_ends_at_the_roi_totals_and_marks_the_same_payback(
    plain_engine: Engine, kb: KnowledgeBase, question: str, programme: str, proposal: str | None
) -> None:
    body = only_chart(plain_engine, question).body
    assert isinstance(body, LineChart)
    inputs = roi_inputs(kb, programme, proposal)
    assert inputs is not None
    cost_line = next(line for line in body.lines if line.role == "cost")
    for scenario, benefits in inputs.benefits.items():
        result = evaluate_roi(scenario, benefits, inputs.costs)
        line = next(line for line in body.lines if line.role == scenario)
        assert line.values[-1] * 1000 == result.cumulative_benefit  # drawn in £ millions
        assert cost_line.values[-1] * 1000 == result.cost
        assert f"Payback {result.payback} ({scenario})" in {m.label for m in body.marks}
    assert body.axis == "£ millions"


def test_milestones_chart_has_the_phases_the_checkpoints_and_gateways_and_the_date(
    plain_engine: Engine, kb: KnowledgeBase
) -> None:
    body = only_chart(plain_engine, "chart milestones haringey-54000 as of 2015-02-20").body
    assert isinstance(body, Timeline)
    assert [s.label for s in body.spans] == [p.name for p, _, _ in kb.phase_spans("haringey-54000")]
    marked = kb.milestones("haringey-54000", ("checkpoint", "gateway"))
    assert [(e.label, e.day) for e in body.events] == [
        (m.title, m.date.first_day()) for m in marked
    ]
    assert (body.today, body.today_label) == (date(2015, 2, 20), "as of")


@pytest.mark.parametrize(
    "question",
    ["chart savings", "chart", "chart pie kent", "chart gap kent", "chart roi haringey-fom-2015"],
)
def test_a_chart_that_cannot_be_drawn_says_what_to_type(
    plain_engine: Engine, question: str
) -> None:
    answer = ask(plain_engine, question)
    assert answer.status == "bad_input" and answer.suggestions and not answer.charts


def test_graph_and_plot_are_other_words_for_chart(plain_engine: Engine) -> None:
    wanted = only_chart(plain_engine, "chart savings 1.6")
    assert only_chart(plain_engine, "graph of the savings for 1.6") == wanted
    assert only_chart(plain_engine, "plot savings 1.6") == wanted


@pytest.mark.parametrize("question", EXAMPLES)
def test_each_chart_draws_a_png_of_phone_size(plain_engine: Engine, question: str) -> None:
    data = render_png(only_chart(plain_engine, question))
    width, height = png_size(data)
    assert width == 1200 and 600 <= height <= 2400
    assert 10_000 < len(data) < 600_000


def test_asking_a_question_does_not_load_matplotlib(cyps_env: dict[str, str]) -> None:
    """`cyps ask savings 1.6` must not pay half a second for the plotting library."""
    code = (
        "import sys; from bot.cli import main; main(['ask', 'savings', '1.6']);"
        "print('matplotlib' in sys.modules)"
    )
    env = {**cyps_env, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.fixture
def cli_home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.delenv("CYPS_DB", raising=False)
    return tmp_path


def test_cyps_chart_out_writes_the_png_and_prints_the_figures(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = cli_home / "x.png"
    assert main(["chart", "savings", "1.6", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert "2019-20 £310k" in out and f"Chart written to {target}" in out
    assert png_size(target.read_bytes())[0] == 1200


def test_cyps_ask_with_a_chart_question_says_where_it_wrote_the_file(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "chart", "gap", "haringey-54000"]) == 0
    out = capsys.readouterr().out
    written = cli_home / "charts" / "gap-haringey-54000.png"
    assert "Gap: 2013-14 £0k | 2014-15 £810k | 2015-16 £1,136k | total £1,946k" in out
    assert f"Chart written to {written}" in out and written.exists()


def test_the_shell_writes_a_chart_question_s_png(plain_engine: Engine, tmp_path: Path) -> None:
    out = io.StringIO()
    run_shell(
        plain_engine,
        lambda: date(2015, 2, 20),
        io.StringIO("chart milestones kent\n"),
        out,
        chart_folder=tmp_path,
    )
    assert f"Chart written to {tmp_path / 'milestones-kent-0-25.png'}" in out.getvalue()
    assert (tmp_path / "milestones-kent-0-25.png").stat().st_size > 10_000


def test_a_chart_that_cannot_be_written_still_prints_its_figures(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = cli_home / "file"
    blocked.write_text("not a folder")
    assert main(["chart", "savings", "1.6", "--out", str(blocked / "x.png")]) == 0
    out = capsys.readouterr().out
    assert "2017-18 £150k" in out and "Chart not written" in out and "Traceback" not in out


def test_readme_shows_a_chart_that_is_in_docs() -> None:
    root = Path(__file__).resolve().parent.parent
    pictures = re.findall(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", (root / "README.md").read_text())
    assert pictures
    for picture in pictures:
        assert png_size((root / picture).read_bytes())[0] == 1200
