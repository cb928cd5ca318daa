"""Reading a paper file by its suffix: PDF (pypdf), Word (python-docx), text and Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.papers.lines import ReadFile

FORMATS = (".pdf", ".docx", ".txt", ".md")


def read_paper_file(path: Path) -> ReadFile:
    """The lines of ``path``, by its suffix; PaperReadError for anything we cannot read."""
    from knowledge.papers.lines import PaperReadError, ReadFile, text_lines  # not for FORMATS

    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise PaperReadError(
            f"{path.name}: cannot read {suffix or 'files without a suffix'}; "
            f"papers are read from {', '.join(FORMATS)}"
        )
    if not path.is_file():
        raise PaperReadError(f"{path}: no such file")
    try:  # pypdf and python-docx only for their own files: each takes tens of ms to import
        if suffix == ".pdf":
            from knowledge.papers.pdf_reading import read_pdf

            read = read_pdf(path)
        elif suffix == ".docx":
            from knowledge.papers.docx_reading import read_docx

            read = read_docx(path)
        else:
            read = ReadFile(tuple(text_lines(_decode(path))), format=suffix[1:])
    except PaperReadError:
        raise
    except OSError as error:
        raise PaperReadError(f"{path.name}: cannot be read ({error.strerror})") from None
    if not any(line.text.strip() for line in read.lines):
        raise PaperReadError(f"{path.name}: has no text to index (a scanned image, perhaps?)")
    return read


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
