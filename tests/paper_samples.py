"""A made-up board paper for the papers tests, written as .txt, .md, .docx and .pdf from one
description, so each test can check that every form gives the same passages. No real paper is
copied: the council, the service and every figure are invented."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from knowledge.dates import LONDON
from knowledge.papers.lines import text_lines
from knowledge.papers.passages import split_passages
from knowledge.state.papers import PaperStore

Element = tuple[str, object]

LONG = (
    "2.2 The Westbury Early Support Service (WESS) would bring the three family support teams "
    "together under one manager, with a single front door for schools, health visitors and the "
    "police. The service would work with families before their needs reach the threshold for "
    "social care, and it would keep a shared record of every family it helps so that no family "
    "has to tell its story twice. The board asked for a costed plan before it agrees any of "
    "this, and the plan is set out in section 3 together with the savings it is expected to "
    "bring over the next three years and the risks that could stop them being delivered."
)

WESTBURY: tuple[Element, ...] = (
    ("heading", "1. Purpose of the report"),
    ("para", "1.1 This report asks the board to agree the new early support model for Westbury."),
    ("para", "1.2 It also asks the board to agree three things:"),
    ("bullets", ("a single front door for every referral;", "a family hub in each locality.")),
    ("heading", "2. The proposed model"),
    ("para", "2.1 The model was designed with families, schools and the voluntary sector."),
    ("para", LONG),
    ("para", "2.3 The strategic partner will run the change programme until March 2017."),
    ("heading", "3. Financial implications"),
    ("para", "3.1 The savings expected from the model are shown in the table below."),
    ("caption", "Table 1: Savings by year"),
    ("table", (("Item", "2015-16", "2016-17"), ("Front door", "120", "80"), ("Hubs", "40", "60"))),
    (
        "para",
        "3.2 The KPIs for the gateway are the number of families helped and the cost per case.",
    ),
    ("heading", "Risks"),
    ("para", "The main risk is that referrals do not fall as quickly as the plan assumes."),
)


def westbury_text(elements: tuple[Element, ...] = WESTBURY) -> str:
    """The paper as extracted text: one block per element, tables tab-separated."""
    blocks = []
    for kind, value in elements:
        if kind == "bullets":
            blocks.append("\n".join(f"- {item}" for item in value))  # type: ignore[attr-defined]
        elif kind == "table":
            blocks.append("\n".join("\t".join(row) for row in value))  # type: ignore[attr-defined]
        else:
            blocks.append(str(value))
    return "\n\n".join(blocks) + "\n"


def write_txt(path: Path, elements: tuple[Element, ...] = WESTBURY) -> Path:
    path.write_text(westbury_text(elements), encoding="utf-8")
    return path


def write_docx(path: Path, elements: tuple[Element, ...] = WESTBURY) -> Path:
    from docx import Document

    document = Document()
    document.core_properties.title = "Westbury early support model"
    for kind, value in elements:
        if kind == "heading":
            document.add_heading(str(value), level=1)
        elif kind == "bullets":
            for item in value:  # type: ignore[attr-defined]
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            rows = list(value)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(str(value))
    document.save(str(path))
    return path


def write_pdf(path: Path, elements: tuple[Element, ...] = WESTBURY, filler: int = 0) -> Path:
    """The paper as a PDF (fpdf2); ``filler`` blank millimetres before section 2 push the long
    paragraph across a page break."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Westbury early support model")
    pdf.add_page()
    for kind, value in elements:
        if kind == "heading" and str(value).startswith("2.") and filler:
            pdf.ln(filler)
        pdf.set_font("Helvetica", "B" if kind == "heading" else "", 11)
        if kind == "bullets":
            for item in value:  # type: ignore[attr-defined]
                pdf.multi_cell(0, 6, f"- {item}", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
        elif kind == "table":
            with pdf.table() as table:
                for row in value:  # type: ignore[attr-defined]
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        else:
            pdf.multi_cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def add_text_paper(store: PaperStore, name: str, text: str, programme: str | None) -> None:
    """Add made-up extracted text to ``store`` as the paper ``name`` (dated 20 Jan 2015)."""
    store.add(
        name,
        split_passages(text_lines(text)),
        programme_id=programme,
        title=name.split(".")[0].title(),
        paper_date="2015-01-20",
        format="txt",
        pages=None,
        who="tester",
        at=datetime(2015, 1, 20, 9, 0, tzinfo=LONDON),
    )
