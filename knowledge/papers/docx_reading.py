"""Word files as lines, through python-docx: paragraphs and tables in document order.

Word says what a paragraph is through its style, so a ``Heading`` or ``Title`` style is a
heading hint and a ``List`` style a list item; each table row is one line of tab-separated
cells (a merged cell once, not once per grid column it spans). Numbers that Word generates
itself (automatic numbering) are not part of the text python-docx reads, so only numbers typed
into the paragraph are seen.
"""

from __future__ import annotations

from pathlib import Path
from zipfile import BadZipFile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.papers.lines import HEADING, LIST, ROW, Line, PaperReadError, ReadFile, clean_line


def read_docx(path: Path) -> ReadFile:
    try:
        document = Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as error:
        raise PaperReadError(f"{path.name}: not a Word file we can read ({error})") from None
    lines: list[Line] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.extend(_paragraph_lines(item))
        elif isinstance(item, Table):
            lines.extend(_table_lines(item))
    title = (document.core_properties.title or "").strip()
    return ReadFile(tuple(lines), title=title, format="docx")


def _paragraph_lines(paragraph: Paragraph) -> list[Line]:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    hint = HEADING if style.startswith(("Heading", "Title")) else LIST if "List" in style else ""
    out = []
    for k, piece in enumerate(paragraph.text.replace("\t", " ").split("\n")):
        cleaned = clean_line(piece)
        if cleaned is not None:
            out.append(Line(cleaned.text, None, k == 0, hint or cleaned.hint))
    return out


def _table_lines(table: Table) -> list[Line]:
    out = []
    for k, row in enumerate(table.rows):
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            out.append(Line("\t".join(cells), None, k == 0, ROW))
    return out
