"""``cyps papers add|list|remove`` and ``cyps kb check``'s warnings about cited paragraphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paper_samples import write_docx, write_pdf, write_txt

from bot.cli import main

SEED_NAME = "000_3322a1c325ccc65e.txt"  # haringey-54000's `document`: the name, not the paper


@pytest.fixture(autouse=True)
def home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.delenv("CYPS_DB", raising=False)
    return tmp_path


def test_add_knows_the_programme_from_the_file_name_and_reports_unplaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = tmp_path / SEED_NAME
    paper.write_text("Report for:\tMade-up board\n\n1. Purpose\n\n1.1 A made-up paragraph.\n")
    assert main(["papers", "add", str(paper)]) == 0
    out = capsys.readouterr().out
    assert f"added {SEED_NAME} as 000-3322a1c325ccc65e for haringey-54000" in out
    assert '"Haringey 54,000, Cabinet 12 Nov 2013", 2 passages from txt file' in out
    assert "1 passage(s) could not be placed" in out and '"Report for: Made-up board"' in out
    assert main(["ask", "para", "1.1", "haringey-54000"]) == 0
    assert "1.1 A made-up paragraph." in capsys.readouterr().out


def test_add_reads_pdf_and_docx_and_counts_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write_pdf(tmp_path / "westbury.pdf", filler=180)  # two pages
    docx = write_docx(tmp_path / "plan.docx")
    assert main(["papers", "add", str(pdf), str(docx), "--programme", "kent-0-25"]) == 0
    out = capsys.readouterr().out
    assert "added westbury.pdf as westbury for kent-0-25" in out and "from 2 pages" in out
    assert "added plan.docx as plan for kent-0-25" in out and "from docx file" in out
    assert main(["papers", "list"]) == 0
    listed = capsys.readouterr().out
    assert "westbury\tkent-0-25\t9 passages\t2 pages\tWestbury early support model" in listed


def test_adding_the_same_file_twice_replaces_it_and_remove_takes_it_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = write_txt(tmp_path / "westbury.txt")
    assert main(["papers", "add", str(paper), "--title", "Westbury", "--date", "2015-01-20"]) == 0
    assert main(["papers", "add", str(paper), "--title", "Westbury", "--date", "2015-01-20"]) == 0
    assert "replaced westbury.txt" in capsys.readouterr().out
    assert main(["papers", "list"]) == 0
    assert capsys.readouterr().out.count("westbury") == 1
    assert main(["papers", "remove", "westbury"]) == 0
    assert main(["papers", "remove", "westbury"]) == 2
    assert "no paper 'westbury'" in capsys.readouterr().err
    assert main(["papers", "list"]) == 0
    assert "no papers added" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["papers", "add", "missing.pdf"], "no such file"),
        (["papers", "add", "sheet.xlsx"], "cannot read .xlsx"),
        (["papers", "add", "a.txt", "--programme", "narnia"], "no programme 'narnia'"),
        (["papers", "add", "a.txt", "--date", "2015-13-01"], "--date:"),
        (["papers", "add", "a.txt", "b.txt", "--title", "One"], "--title names one paper"),
    ],
)
def test_add_explains_what_is_wrong_and_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_kb_check_warns_about_paragraphs_the_added_paper_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = tmp_path / SEED_NAME
    paper.write_text("5. Background\n\n5.1 Made up.\n\n6. Finance\n\n6.4 Made up too.\n")
    assert main(["papers", "add", str(paper)]) == 0
    capsys.readouterr()
    assert main(["kb", "check"]) == 0
    out = capsys.readouterr().out
    assert (
        "warning: haringey-54000.toml: figures[lacseg-allocation]: cites para 6.5, which the "
        "added paper for haringey-54000 does not have"
    ) in out
    assert "cites para 6.4," not in out and "cites para 5.1," not in out
    assert "ok: 5 programme file(s), no problems;" in out and "warning(s)" in out


def test_kb_check_without_papers_gives_no_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check"]) == 0
    assert capsys.readouterr().out == "ok: 5 programme file(s), no problems\n"


def test_papers_survive_a_knowledge_base_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["papers", "add", str(write_txt(tmp_path / "westbury.txt"))]) == 0
    assert main(["kb", "build"]) == 0
    capsys.readouterr()
    assert main(["ask", "search", "strategic", "partner"]) == 0
    assert "1. para 2.3 - westbury" in capsys.readouterr().out  # untitled: the file name
