"""Reading papers into passages: every format gives the same passages, and the messy parts of
extracted text (page breaks, restarted numbers, lists, captions, cover sheets) are handled."""

from __future__ import annotations

from pathlib import Path

import pytest
from paper_samples import write_docx, write_pdf, write_txt

from knowledge.papers.acronyms import definitions
from knowledge.papers.lines import PaperReadError, text_lines
from knowledge.papers.passages import Passage, split_passages
from knowledge.papers.reading import read_paper_file

CROSSES_A_PAGE = 180  # filler (mm) that puts the page break inside paragraph 2.2


def _split(text: str) -> list[Passage]:
    return list(split_passages(text_lines(text)).passages)


def _comparable(path: Path) -> list[tuple[str, str, str, str]]:
    split = split_passages(read_paper_file(path).lines)
    return [(p.label, p.kind, p.heading, " ".join(p.text.split())) for p in split.passages]


def test_same_paper_as_pdf_docx_and_txt_gives_the_same_passages(tmp_path: Path) -> None:
    txt = _comparable(write_txt(tmp_path / "westbury.txt"))
    assert _comparable(write_docx(tmp_path / "westbury.docx")) == txt
    assert _comparable(write_pdf(tmp_path / "westbury.pdf", filler=CROSSES_A_PAGE)) == txt
    assert [label for label, *_ in txt] == [
        "para 1.1", "para 1.2", "para 2.1", "para 2.2", "para 2.3", "para 3.1",
        "para 3.1, table", "para 3.2", "Risks",
    ]  # fmt: skip


def test_pdf_paragraph_broken_by_a_page_break_is_one_passage_on_its_first_page(
    tmp_path: Path,
) -> None:
    read = read_paper_file(write_pdf(tmp_path / "westbury.pdf", filler=CROSSES_A_PAGE))
    first_on_page_two = next(line for line in read.lines if line.page == 2)
    assert not first_on_page_two.text[0].isdigit()  # the break really is mid-paragraph
    passages = split_passages(read.lines).passages
    para = next(p for p in passages if p.label == "para 2.2")
    assert para.page == 1 and first_on_page_two.text in para.text
    assert read.pages == 2 and read.title == "Westbury early support model"
    assert next(p for p in passages if p.label == "Risks").page == 2


def test_markdown_headings_tables_and_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# 4. Savings\n\n4.1 The **savings** are below.\n\n| Year | Saving |\n|---|---|\n"
        "| 2016-17 | 120 |\n\n## Next steps\n\nThe *board* decides in May.\n"
    )
    passages = split_passages(read_paper_file(path).lines).passages
    assert [(p.label, p.text) for p in passages] == [
        ("para 4.1", "4.1 The savings are below."),
        ("para 4.1, table", "Year\tSaving\n2016-17\t120"),
        ("Next steps", "The board decides in May."),
    ]


def test_numbers_that_restart_or_repeat_are_kept_as_printed_and_reported() -> None:
    split = split_passages(
        text_lines(
            "9. Whole system\n\n9.1 One system.\n\n10. Design principles\n\n8.1 Printed as 8.1 "
            "though it is in section 10.\n\n11. Data\n\n11.1 First text.\n\n11 Technology\n\n"
            "11.1 Second text with the same number.\n"
        )
    )
    assert [p.label for p in split.passages] == ["para 9.1", "para 8.1", "para 11.1", "para 11.1"]
    assert split.passages[2].unit != split.passages[3].unit
    assert split.numbering == (
        "para 8.1 is printed in section 10",
        "section 11 follows 11",
        "section 11 is printed more than once",
        "para 11.1 is printed more than once",
    )


def test_numbered_list_after_a_colon_is_part_of_its_paragraph_not_sections() -> None:
    passages = _split(
        "3. Recommendations\n\nMembers are asked to:\n\n- agree the model;\n\n- 2. approve the "
        "budget;\n\n- 3. note the risks;\n\n4. Alternative options considered\n\nNone were viable.\n"
    )
    assert [p.label for p in passages] == ["section 3", "section 4"]
    assert "2. approve the budget;" in passages[0].text
    assert passages[1].heading == "4. Alternative options considered"


def test_bare_numbered_paragraphs_follow_on_under_unnumbered_headings() -> None:
    passages = _split(
        "Introduction\n\n1. First point.\n\n2. Second point:\n - a bullet\n3. Third point.\n\n"
        "Finance\n\n4. Fourth point.\n"
    )
    assert [(p.label, p.heading) for p in passages] == [
        ("para 1", "Introduction"),
        ("para 2", "Introduction"),
        ("para 3", "Introduction"),
        ("para 4", "Finance"),
    ]
    assert passages[1].text == "2. Second point:\n- a bullet"


def test_table_split_by_a_page_break_is_one_table_with_its_caption_below() -> None:
    passages = _split(
        "5.1 The costs are:\n\nPhase\tCost\n1\t100\n\n\n\n2\t200\nTotal\t300\n\n"
        "Table 2: Costs by phase\n\n5.2 After the table.\n"
    )
    assert [p.label for p in passages] == ["para 5.1", "para 5.1, table", "para 5.2"]
    assert passages[1].text == "Table 2: Costs by phase\nPhase\tCost\n1\t100\n2\t200\nTotal\t300"


def test_text_carries_on_across_a_page_break_and_tables_in_one_paragraph_are_counted() -> None:
    passages = _split(
        "6.4 The total cost is\n\n\n\nshown here:\n\nA\t1\n\nThen the funding:\n\nB\t2\n\n6.5 Next.\n"
    )
    assert [p.label for p in passages] == [
        "para 6.4", "para 6.4, first table", "para 6.4", "para 6.4, second table", "para 6.5",
    ]  # fmt: skip
    assert passages[0].text == "6.4 The total cost is shown here:"


def test_a_cover_sheet_before_any_heading_is_reported_as_not_placed() -> None:
    split = split_passages(
        text_lines("Report for:\tCabinet\n\nDate: 1 May\n\n1. Purpose\n\nText.\n")
    )
    assert [p.label for p in split.passages] == ["", "", "section 1"]
    assert split.unplaced == ('"Report for: Cabinet"', '"Date: 1 May"')


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the Council's medium-term financial plan (MTFP) says", [("MTFP", "medium-term financial plan")]),
        ("the LACSEG (Local Authority Central Services Education Grant)", [("LACSEG", "Local Authority Central Services Education Grant")]),
        ("Children and Young People's Services (CYPS) in", [("CYPS", "Children and Young People's Services")]),
        ("six Network Learning Communities (NLCs) which", [("NLCs", "Network Learning Communities")]),
        ("Early Help and Preventative Services (EH&PS)", [("EH&PS", "Early Help and Preventative Services")]),
        ("savings in 2014 (see para 5)", []),
        ("the partner (KPMG) will", []),
    ],
)  # fmt: skip
def test_definitions_need_the_letters_to_be_the_words_initials(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert definitions(text) == found


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("paper.xls", b"x", "cannot read .xls"),
        ("empty.txt", b"\n\n", "has no text to index"),
        ("broken.pdf", b"not a pdf", "not a PDF we can read"),
        ("broken.docx", b"not a zip", "not a Word file we can read"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PaperReadError, match=reason):
        read_paper_file(path)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(PaperReadError, match="no such file"):
        read_paper_file(tmp_path / "gone.pdf")
