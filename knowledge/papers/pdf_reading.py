"""PDF pages as lines, through pypdf's layout mode.

Layout mode keeps the page's geometry in the text: a blank line where the page leaves vertical
space (between paragraphs, between table rows) and runs of spaces where a table leaves room
between cells. We read the first as a gap before the next line and a wide run of spaces as a
cell boundary, so a PDF's paragraphs and tables come out as the text formats' do. A page number
printed alone at the top or foot of a page is dropped; the page itself is kept on every line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from knowledge.papers.lines import (
    CLOSING,
    ROW,
    Line,
    PaperReadError,
    ReadFile,
    clean_line,
    is_page_mark,
)

CELL_GAP = re.compile(r" {4,}")  # wider than any gap between words in a line of prose

logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd font, to stderr


def read_pdf(path: Path) -> ReadFile:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PaperReadError(f"{path.name}: the PDF is password-protected")
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
        metadata = reader.metadata
        title = str((metadata.title if metadata is not None else "") or "").strip()
    except PaperReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise PaperReadError(f"{path.name}: not a PDF we can read ({error})") from None
    lines: list[Line] = []
    for number, text in enumerate(pages, start=1):
        # a page starts a new block only where the last one finished its sentence: otherwise
        # its first line is the rest of that sentence, wrapped onto the next page
        finished = not lines or lines[-1].text[-1] in CLOSING or lines[-1].hint == ROW
        lines.extend(page_lines(text, number, finished))
    return ReadFile(tuple(lines), title=title, pages=len(pages), format="pdf")


def page_lines(text: str, page: int, gap: bool = True) -> list[Line]:
    """One page's layout text as lines: a page number alone at its top or foot is dropped."""
    raw = [line.rstrip() for line in text.splitlines()]
    filled = [i for i, line in enumerate(raw) if line.strip()]
    for end in (filled[:1], filled[-1:]):
        if end and is_page_mark(raw[end[0]]):
            raw[end[0]] = ""
    lines: list[Line] = []
    for line in raw:
        if not line.strip():
            gap = True
            continue
        cleaned = clean_line(CELL_GAP.sub("\t", line.strip()))
        if cleaned is None:
            continue
        lines.append(Line(cleaned.text, page, gap, cleaned.hint, wrapped=True))
        gap = False
    return lines
