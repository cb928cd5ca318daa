"""``cyps ask``: an answer and exit 0, or a clear message and exit 2; never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.delenv("CYPS_DB", raising=False)
    monkeypatch.delenv("CYPS_TODAY", raising=False)
    return tmp_path


def test_ask_prints_the_answer_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--as-of", "2014-10-01", "gateway", "next", "haringey-54000"]) == 0
    out = capsys.readouterr().out
    assert "Next gateway" in out and "in about 5 months" in out and "Source:" in out


def test_ask_json_prints_the_slack_message_with_its_buttons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "--as-of", "2014-10-01", "savings", "1.6"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["response_type"] == "ephemeral" and printed["text"]
    assert printed["blocks"][0]["text"]["text"].startswith("*1.6 Adoption and SGO payments")
    buttons = [
        e["action_id"] for b in printed["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons[:3] == ["share_in_channel", "show_more", "show_sources"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "savings", "9.9"], "No proposal 9.9"),
        (["ask", "--programme", "narnia", "savings"], 'No programme "narnia"'),
        (["ask", "--as-of", "2014-13-45", "next"], "not a real date"),
        (["ask", "next", "as", "of", "2014-13-45"], "not a real date"),
        (["ask", "x" * 1001], "keep it under 1,000"),
    ],
)
def test_bad_input_gives_a_message_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_cyps_today_pins_the_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CYPS_TODAY", "2014-06-01")
    assert main(["ask", "checkpoint", "next", "haringey-54000"]) == 0
    assert "Sep 2014 (day not fixed), in about 3 months" in capsys.readouterr().out


def test_the_bot_builds_its_knowledge_base_on_first_start(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "knowledge.db").unlink()
    assert main(["ask", "programmes"]) == 0
    assert (home / "knowledge.db").exists()
