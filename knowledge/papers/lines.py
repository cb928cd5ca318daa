"""A paper as lines, whatever its format, keeping what the format tells us about each line.

Every format ends as the same thing, a list of ``Line``: its text, the PDF page it is on, whether
space came before it (a blank line, a new Word paragraph, a vertical gap in a PDF), and a hint
from the format's own markup (a Word or Markdown heading, a table row, a list item). Splitting
into passages (``knowledge.papers.passages``) works on that alone, so a paper gives the same
passages whichever form it was saved in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

HEADING, ROW, LIST = "heading", "row", "list"
CLOSING = ".!?:;)\"'”’"  # what a finished sentence (or a lead-in to a list) ends with


class PaperReadError(Exception):
    """A file we cannot read as a paper; the message says why in words a person can act on."""


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None = None
    gap: bool = False  # space came before this line
    hint: str = ""  # HEADING, ROW or LIST when the format marks it so
    wrapped: bool = False  # may be the rest of the line above, wrapped (PDF layout text)


@dataclass(frozen=True)
class ReadFile:
    """A file's lines, its title if the file names one, and its page count (PDFs only)."""

    lines: tuple[Line, ...]
    title: str = ""
    pages: int | None = None
    format: str = ""


_TAG = re.compile(r"<[^>]{0,200}>")
_BREAK_TAGS = re.compile(r"</?(?:p|div|br|tr|h[1-6]|ul|ol)\b[^>]*>|</li>", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•▪◦●]|o(?=\s+[A-Z0-9]))(?:\s+[-*•▪◦●o](?=\s))*\s+")
_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"
)
_PAGE_MARK = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
_WORDY_PAGE_MARK = re.compile(r"^\s*page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)


def text_lines(text: str, page: int | None = None) -> Iterator[Line]:
    """Lines of extracted text or Markdown: markup becomes hints, HTML fragments are unwrapped,
    emphasis markers and "Page 3 of 22" footers are dropped."""
    gap = True
    for raw in _unwrap_html(text).splitlines():
        if not raw.strip() or _WORDY_PAGE_MARK.match(raw) or _MD_TABLE_RULE.match(raw):
            gap = gap or not raw.strip()
            continue
        line = clean_line(raw)
        if line is None:
            gap = True
            continue
        yield Line(line.text, page, gap, line.hint)
        gap = False


def clean_line(raw: str) -> Line | None:
    """One line's markup as a hint: ``#`` headings, ``|`` or tab tables, bullets."""
    hint = ""
    text = raw.rstrip(" \r\n")  # a trailing tab is an empty cell: the line is a table row
    heading = _MD_HEADING.match(text)
    if heading:
        hint, text = HEADING, text[heading.end() :]
    elif text.lstrip().startswith("|") and text.rstrip().endswith("|"):
        cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
        hint, text = ROW, "\t".join(cells)
    if "\t" in text.strip(" ") and hint != HEADING:
        hint = ROW
        text = "\t".join(_plain(cell) for cell in text.strip(" ").split("\t"))
        return Line(text, hint=hint) if text.strip() else None
    bullet = _BULLET.match(text)
    if bullet and hint != HEADING:
        hint, text = LIST, text[bullet.end() :]
    text = _plain(text)
    return Line(text, hint=hint) if text else None


def _plain(text: str) -> str:
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return " ".join(text.split())


def _unwrap_html(text: str) -> str:
    """HTML fragments (``<p>``, ``<li>``, ``<b>``) as plain lines; inside a tab-separated table
    row a paragraph break becomes a space, so the row stays one row."""
    if "<" not in text:
        return text
    out = []
    for line in text.splitlines():
        if "<" in line:
            breaker = " " if "\t" in line else "\n\n"  # a blank line: a new block
            line = _ITEM_TAG.sub(" " if breaker == " " else "\n- ", line)
            line = _BREAK_TAGS.sub(breaker, line)
            line = html.unescape(_TAG.sub("", line))
        out.append(line)
    return "\n".join(out)


def is_page_mark(text: str) -> bool:
    """A page number or "Page 3 of 22" line, as PDFs print at the top or foot of a page."""
    return bool(_PAGE_MARK.match(text))
