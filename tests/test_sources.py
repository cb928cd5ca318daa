"""Source files: every fact has a source, and broken files are reported precisely."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.cli import main
from knowledge import toml_files
from knowledge.build import build_knowledge_base
from knowledge.queries import KnowledgeBase
from knowledge.source_files import DEFAULT_SOURCES_DIR, SourceError, load_sources


def test_every_proposal_phase_milestone_figure_and_table_has_a_source(kb: KnowledgeBase) -> None:
    missing = []
    for programme in kb.programmes():
        pid = programme.id
        records = [
            *kb.phases(pid),
            *kb.milestones(pid),
            *kb.proposals(pid),
            *kb.figures(pid),
            *kb.tables(pid),
        ]
        missing += [f"{pid}:{r.id}" for r in records if not r.source.location.strip()]
        for proposal in kb.proposals(pid):
            missing += [
                f"{pid}:{proposal.id}:{b.name}"
                for b in proposal.breakdown
                if not b.source.location.strip()
            ]
    assert missing == []


def test_knowledge_base_holds_all_five_programmes(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.programmes()] == [
        "haringey-54000",
        "haringey-fom-2015",
        "haringey-mtfs-2017",
        "harrow-ics-2011",
        "kent-0-25",
    ]


def test_month_only_dates_stay_months(kb: KnowledgeBase) -> None:
    checkpoint = kb.milestones("haringey-54000", ("checkpoint",))[0]
    assert (checkpoint.date.iso, checkpoint.date.precision) == ("2014-09", "month")


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_check_names_file_place_and_reason_and_exits_2(
    sources_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", 'value = "abc"')
    _break(sources_copy / "harrow-ics-2011.toml", 'date = "2011-10-31"', 'date = "2011-13-45"')
    assert main(["kb", "check", "--sources", str(sources_copy)]) == 2
    out = capsys.readouterr().out
    assert "kent-0-25.toml: figures[" in out and '.value: "abc" is not a number' in out
    assert "harrow-ics-2011.toml: milestones[" in out and "is not a real date" in out
    assert "2 problem(s) found" in out


def test_check_reports_every_problem_at_once(sources_copy: Path) -> None:
    _break(sources_copy / "kent-0-25.toml", 'unit = "GBP m"', 'unit = "pounds"')
    _break(sources_copy / "haringey-54000.toml", 'kind = "gateway"', 'kind = "gate"')
    with pytest.raises(SourceError) as caught:
        load_sources(sources_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"kent-0-25.toml", "haringey-54000.toml"}


def test_several_problems_in_two_files_are_all_reported_with_their_places(
    sources_copy: Path,
) -> None:
    kent, harrow = sources_copy / "kent-0-25.toml", sources_copy / "harrow-ics-2011.toml"
    _break(kent, "value = 5.5", "value = true")
    _break(kent, 'unit = "GBP m"', 'unit = "pounds"')
    _break(kent, 'kind = "decision"', 'kind = "decision"\ncolour = "red"')
    _break(harrow, 'date = "2011-10-31"', 'date = "2011-13-45"')
    _break(harrow, "sign = -1", "sign = 2")
    with pytest.raises(SourceError) as caught:
        load_sources(sources_copy)
    assert sorted(str(p) for p in caught.value.problems) == [
        "harrow-ics-2011.toml: milestones[6].date: \"2011-13-45\" is not a real date (month must be in 1..12)",
        "harrow-ics-2011.toml: tables[0].rows[0].sign: must be 1 or -1",
        "kent-0-25.toml: figures[2].value: true is not a number",
        "kent-0-25.toml: milestones[3]: unknown key \"colour\" (allowed: basis, date, decides, id, kind, note, phase, source, title)",
        "kent-0-25.toml: tables[0].unit: \"pounds\" is not one of GBP k, GBP m, GBP, %, ratio, count, FTE, years, quarters, months, weeks, EUR",
    ]  # fmt: skip


def test_a_decimal_stays_exact_through_the_build(sources_copy: Path, tmp_path: Path) -> None:
    """A value no binary float can hold reaches SQLite digit for digit."""
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", "value = 5.50000000000000001")
    db = Database(build_knowledge_base(tmp_path / "kb.db", sources_copy))
    row = db.execute("select value from figures where id = 'newton-fee-cap'").fetchone()
    assert row == ("5.50000000000000001",)


def test_invalid_toml_is_reported_not_raised(
    sources_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sources_copy / "kent-0-25.toml").write_text("[programme\nid = ")
    assert main(["kb", "check", "--sources", str(sources_copy)]) == 2
    assert "kent-0-25.toml: not valid TOML" in capsys.readouterr().out


def test_failed_build_leaves_the_previous_database_untouched(
    sources_copy: Path, tmp_path: Path
) -> None:
    db = build_knowledge_base(tmp_path / "kb.db", sources_copy)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", 'value = "abc"')
    assert main(["kb", "build", "--sources", str(sources_copy), "--db", str(db)]) == 2
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cyps-build")] == []


def test_broken_sources_keep_the_last_good_build_answering(
    sources_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CYPS_HOME", str(home))
    monkeypatch.setenv("CYPS_SOURCES", str(sources_copy))
    assert main(["ask", "savings", "1.6"]) == 0  # first start builds from the good copy
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", 'value = "abc"')
    capsys.readouterr()
    assert main(["ask", "savings", "1.6"]) == 0
    captured = capsys.readouterr()
    assert (
        "£608k" in captured.out
        and "last good build" in captured.err
        and "Traceback" not in captured.err
    )


def test_broken_sources_with_no_build_yet_stop_with_the_problems_listed(
    sources_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CYPS_HOME", str(tmp_path / "fresh"))
    monkeypatch.setenv("CYPS_SOURCES", str(sources_copy))
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", 'value = "abc"')
    assert main(["ask", "savings", "1.6"]) == 2
    err = capsys.readouterr().err
    assert "kent-0-25.toml: figures[" in err and "Traceback" not in err


def test_files_parsed_across_processes_read_exactly_as_in_one(
    sources_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files are parsed by a pool of processes: the same records, in the same order,
    decimals still exact, and a broken file still named with its problem."""
    _break(sources_copy / "kent-0-25.toml", "value = 5.5", "value = 5.50000000000000001")
    serial = load_sources(sources_copy)
    monkeypatch.setattr(toml_files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(toml_files.os, "cpu_count", lambda: 2)
    pooled = load_sources(sources_copy)
    assert [s.programme_file for s in pooled] == [s.programme_file for s in serial]
    (sources_copy / "harrow-ics-2011.toml").write_text("[programme\nid = ")
    with pytest.raises(SourceError) as error:
        load_sources(sources_copy)
    assert [p.file for p in error.value.problems] == ["harrow-ics-2011.toml"]


def test_a_build_in_one_batch_holds_every_programme_and_its_search_rows(
    sources_copy: Path, tmp_path: Path
) -> None:
    db = Database(build_knowledge_base(tmp_path / "kb.db", sources_copy))
    programmes = {r[0] for r in db.execute("select id from programmes").fetchall()}
    searched = {r[0] for r in db.execute("select distinct programme_id from search_items")}
    assert programmes == searched == {p.stem for p in sources_copy.glob("*.toml")}
    found = db.execute(
        "select count(*) from search_items_fts where search_items_fts match 'adoption'"
    ).fetchone()
    assert found[0] > 0
