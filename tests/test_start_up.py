"""A one-off ``cyps ask`` loads only what answering needs, and still sees a changed programme
file: the Slack face, the scheduler's APScheduler and the paper readers stay unimported, and
the build is imported only when the knowledge base is stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.freshness import DEFAULT_SOURCES_DIR, is_current
from scheduler.config import DEFAULT_DIGEST_AT, cron_problem

ROOT = Path(__file__).resolve().parent.parent
# Libraries `cyps ask` never uses: Slack, the scheduler's clock, charts and paper readers,
# the programme-file models and sqlite-utils (only builds and writes use them); and the
# stores a question about savings never touches (the reminder plan, digests, the ledger).
NEVER_ON_ASK = (
    "scheduler.system",
    "scheduler.digests",
    "scheduler.ledger",
    "scheduler.replanning",
    "scheduler.planning",
    "scheduler.config",  # the schedule's settings are read on first use when none is set
    "scheduler.policy",
    "knowledge.state.paper_records",
    "knowledge.state.change_log",  # only writes add to it, and only `history` reads it
    "commands.cues",
    "hashlib",  # OpenSSL: the freshness check uses the interpreter's own source hash
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "matplotlib",
    "numpy",
    "pypdf",
    "docx",
    "pydantic",
    "sqlite_utils",
    "knowledge.build",
)
ASK_AND_LIST = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _ask(env: dict[str, str], *argv: str) -> tuple[int, set[str], str]:
    """Run ``cyps ask`` in a fresh interpreter; its exit code, the modules it loaded, output."""
    done = subprocess.run(
        [sys.executable, "-c", ASK_AND_LIST, "ask", *argv],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    *answer, last = done.stdout.strip().splitlines()
    report = json.loads(last)
    return report["code"], set(report["modules"]), "\n".join(answer)


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(f"{n}.") for m in modules))


@pytest.fixture
def home(tmp_path: Path, kb_path: Path) -> dict[str, str]:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    return {"CYPS_HOME": str(tmp_path), "CYPS_TODAY": "2014-10-01"}


def test_ask_does_not_import_slack_the_scheduler_or_paper_readers(home: dict[str, str]) -> None:
    code, first, _ = _ask(home, "savings", "1.6")  # makes state.db: its migrations need more
    assert code == 0 and "sqlite_utils" in first
    code, modules, answer = _ask(home, "savings", "1.6")
    assert code == 0 and "£608k" in answer
    assert _loaded(modules, NEVER_ON_ASK) == []


def test_ask_with_a_bad_reminder_setting_still_fails_at_start(home: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "savings", "1.6"],
        env={**os.environ, **home, "CYPS_REMINDER_LEADS": "soon"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "CYPS_REMINDER_" in done.stderr and "£608k" not in done.stdout


def test_ask_json_imports_the_slack_message_code_but_not_bolt(home: dict[str, str]) -> None:
    code, modules, answer = _ask(home, "--json", "savings", "1.6")
    assert code == 0 and '"blocks"' in answer
    assert "bot.slack.messages" in modules
    assert _loaded(modules, ("slack_bolt", "slack_sdk", "apscheduler")) == []


def test_ask_builds_a_stale_knowledge_base_before_answering(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, sources)
    env = {"CYPS_HOME": str(tmp_path / "home"), "CYPS_SOURCES": str(sources)}
    code, modules, _ = _ask(env, "savings", "1.6")
    assert code == 0 and "knowledge.build" in modules  # no build yet: one is made

    path = sources / "haringey-mtfs-2017.toml"
    path.write_text(path.read_text().replace("Adoption and SGO payments", "Adoption payments"))
    assert not is_current(tmp_path / "home" / "knowledge.db", sources)
    code, modules, answer = _ask(env, "savings", "1.6")
    assert code == 0 and "1.6 Adoption payments" in answer and "knowledge.build" in modules

    code, modules, answer = _ask(env, "savings", "1.6")  # current again: no build
    assert code == 0 and "1.6 Adoption payments" in answer
    assert "knowledge.build" not in modules


def test_the_default_digest_schedule_is_one_apscheduler_reads() -> None:
    """The start skips reading the default schedule; this is why it may."""
    from knowledge.dates import LONDON

    assert cron_problem(DEFAULT_DIGEST_AT, LONDON) is None
