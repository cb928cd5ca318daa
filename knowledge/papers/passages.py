"""A paper's lines as the passages its own structure gives: numbered paragraphs (``5.1``,
``- 6.5``, ``23.1``, ``25.``), the text under a heading, and each table kept whole with its
caption, every one labelled the way the board cites it (``para 6.5``, ``section 1``,
``para 6.4, second table``).

Extracted text is messy, and the rules below are the ones the board's papers need: a paragraph
broken by a page break carries on when the next block starts in lower case; a table broken by a
page break is one table (with its caption, printed above, below or in the middle); numbers that
restart or repeat are kept as printed and reported; a passage with neither a number nor a heading
above it (a cover sheet, say) is kept and searchable but reported as not placed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.papers.acronyms import definitions
from knowledge.papers.lines import CLOSING, HEADING, LIST, ROW, Line
from knowledge.papers.numbering import (
    Numbering,
    is_caption,
    leading_number,
    looks_like_heading,
)

PARAGRAPH, TABLE = "paragraph", "table"
_SMALL = frozenset({"and", "of", "the", "for", "to", "in", "on", "a", "an", "with"})
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass(frozen=True)
class Passage:
    """One searchable piece of a paper and how to cite it."""

    seq: int  # order in the paper
    number: str  # the paragraph or section it belongs to, as printed ("" when none)
    unit: int  # which numbered paragraph or section (numbers can repeat); 0 when none
    kind: str  # PARAGRAPH or TABLE
    label: str  # "para 6.5", "section 1", "para 6.4, first table", "Rationale"
    heading: str  # the heading it sits under
    text: str
    page: int | None = None
    defines: str = ""  # "MTFP: medium-term financial plan; ..." (see acronyms)


@dataclass(frozen=True)
class SplitPaper:
    passages: tuple[Passage, ...]
    unplaced: tuple[str, ...]  # passages with nothing to cite them by but where they are
    numbering: tuple[str, ...]  # where the paper's numbering restarts or repeats


@dataclass
class _Block:
    text: str
    page: int | None
    hint: str


@dataclass
class _Unit:
    number: str = ""
    unit: int = 0
    label: str = ""


@dataclass
class _Draft:
    unit: _Unit
    kind: str
    heading: str
    page: int | None
    parts: list[str]
    caption: str = ""
    label: str = ""


def blocks(lines: Iterable[Line]) -> list[_Block]:
    """Lines joined into blocks: a block ends at a gap, a table row, a heading, a list item or
    a numbered line (in PDF text, only after a finished sentence or a heading: otherwise the
    number may be the end of a sentence wrapped onto the next line)."""
    out: list[_Block] = []
    for line in lines:
        text = line.text.strip(" ")
        if not text:
            continue
        current = out[-1] if out else None
        starts = (
            current is None
            or line.gap
            or ROW in (line.hint, current.hint)
            or line.hint in (HEADING, LIST)
            or current.hint == HEADING
            or (
                leading_number(text) is not None
                and (
                    not line.wrapped
                    or current.text[-1] in CLOSING
                    or looks_like_heading(current.text)
                )
            )
        )
        if starts:
            out.append(_Block(text, line.page, line.hint))
        else:
            assert current is not None
            current.text = f"{current.text} {text}"
    return out


@dataclass
class _Splitter:
    passages: list[_Draft] = field(default_factory=list)
    numbering_notes: list[str] = field(default_factory=list)
    numbering: Numbering = field(default_factory=Numbering)
    heading: str = ""
    section: str = ""
    parent: str = ""  # the last unnumbered heading not in capitals
    unit: _Unit = field(default_factory=_Unit)
    units: int = 0
    draft: _Draft | None = None
    table_open: bool = False  # the last block was part of the open table
    caption: str = ""  # a caption waiting for the table below it
    seen: Counter[str] = field(default_factory=Counter)

    def take(self, block: _Block, following: _Block | None) -> None:
        was_table = self.table_open
        self.table_open = False
        if block.hint == ROW:
            self._row(block, was_table)
        elif is_caption(block.text):
            self._caption(block, following, was_table)
        elif not self._numbered(block, following):
            if block.hint == HEADING or (
                looks_like_heading(block.text)
                and not _is_field(block.text)
                and self.numbering.list_next is None
            ):
                self._heading(block.text)
            else:
                self._prose(block)

    def _numbered(self, block: _Block, following: _Block | None) -> bool:
        found = leading_number(block.text)
        if found is None:
            return False
        number, rest = found
        if "." in number:
            self.numbering.dotted(number)
            self._check_dotted(number)
            self._start(number, f"para {number}")
            self._paragraph(block)
            return True
        before = self.numbering.last_top
        heads = following is not None and following.text.startswith(f"{number}.")
        heading_like = heads or block.hint == HEADING or looks_like_heading(rest)
        kind = self.numbering.bare(int(number), heading_like)
        if kind == "list":
            self._prose(block, item=True)
        elif kind == "section":
            self._check_section(number, before)
            self._start(number, f"section {number}")
            self.heading = self.section = block.text
        elif kind == "paragraph":
            self._start(number, f"para {number}")
            self._paragraph(block)
        else:
            return False
        return True

    def _check_section(self, number: str, before: int | None) -> None:
        if before is not None and before + 1 != int(number):
            self.numbering_notes.append(f"section {number} follows {before}")
        self._seen(f"section {number}")

    def _check_dotted(self, number: str) -> None:
        current = self.section and leading_number(self.section)
        top = number.split(".")[0]
        if current and current[0] != top:
            self.numbering_notes.append(f"para {number} is printed in section {current[0]}")
        self._seen(f"para {number}")

    def _seen(self, label: str) -> None:
        self.seen[label] += 1
        if self.seen[label] == 2:
            self.numbering_notes.append(f"{label} is printed more than once")

    def _start(self, number: str, label: str) -> None:
        self._close()
        self.units += 1
        self.unit = _Unit(number, self.units, label)

    def _paragraph(self, block: _Block) -> None:
        self.draft = _Draft(self.unit, PARAGRAPH, self.heading, block.page, [block.text])
        if block.text.endswith(":"):
            self.numbering.open_list()

    def _heading(self, text: str) -> None:
        """An unnumbered heading; one in capitals ("PROPOSAL") is a part of the heading above
        it, so it is cited as "Family Based Placements, proposal"."""
        self._close()
        self.numbering.close_list()
        if text.isupper() and self.parent:
            label = f"{self.parent}, {text.lower()}"
        else:
            self.parent = label = text if len(text) <= 60 else text[:59] + "…"
        self.heading = text
        self.unit = _Unit(label=label)

    def _prose(self, block: _Block, item: bool = False) -> None:
        text = f"- {block.text}" if block.hint == LIST else block.text
        listing = item or block.hint == LIST or looks_like_heading(block.text)
        if not listing:
            self.numbering.close_list()  # a sentence after the colon: no list followed it
        draft = self.draft
        if draft is not None and draft.kind == PARAGRAPH:
            last = draft.parts[-1]
            if not item and block.hint != LIST and _carries_on(last, text):
                draft.parts[-1] = f"{last} {text}"
            else:
                draft.parts.append(text)
        else:
            self._close()
            self.draft = _Draft(self.unit, PARAGRAPH, self.heading, block.page, [text])
        if text.endswith(":") and self.numbering.list_next is None:
            self.numbering.open_list()

    def _row(self, block: _Block, was_table: bool) -> None:
        self.table_open = True
        draft = self.draft
        if draft is not None and draft.kind == TABLE and was_table:
            draft.parts.append(block.text)
            return
        caption, self.caption = self.caption, ""
        if not caption and draft is not None and draft.kind == PARAGRAPH and len(draft.parts) == 1:
            found = leading_number(draft.parts[0])
            if found and is_caption(found[1]):  # "13.5. Figure 1: Outline model" above a table
                caption = found[1]
        self._close()
        self.numbering.close_list()
        parts = [caption, block.text] if caption else [block.text]
        self.draft = _Draft(self.unit, TABLE, self.heading, block.page, parts, caption)

    def _caption(self, block: _Block, following: _Block | None, was_table: bool) -> None:
        draft = self.draft
        if was_table and draft is not None and draft.kind == TABLE and not draft.caption:
            draft.caption = block.text  # printed below its table (or between its pages)
            draft.parts.insert(0, block.text)
            self.table_open = True
        elif following is not None and following.hint == ROW:
            self._close()
            self.caption = block.text
        else:
            self._prose(block)  # a figure's caption with no text to go with it

    def _close(self) -> None:
        if self.draft is not None:
            self.passages.append(self.draft)
            self.draft = None

    def finish(self) -> SplitPaper:
        self._close()
        tables = Counter(d.unit.unit for d in self.passages if d.kind == TABLE and d.unit.unit)
        numbered: Counter[int] = Counter()
        out, unplaced = [], []
        for seq, draft in enumerate(self.passages):
            label = draft.unit.label
            if draft.kind == TABLE:
                label = self._table_label(draft, tables, numbered)
            text = "\n".join(draft.parts)
            if not label:
                where = f" (page {draft.page})" if draft.page else ""
                unplaced.append(f"{_preview(text)}{where}")
            defined = "; ".join(f"{short}: {long}" for short, long in definitions(text))
            out.append(
                Passage(
                    seq,
                    draft.unit.number,
                    draft.unit.unit,
                    draft.kind,
                    label,
                    draft.heading,
                    text,
                    draft.page,
                    defined,
                )
            )
        return SplitPaper(tuple(out), tuple(unplaced), tuple(self.numbering_notes))

    @staticmethod
    def _table_label(draft: _Draft, tables: Counter[int], numbered: Counter[int]) -> str:
        unit = draft.unit
        if not unit.label:
            return draft.caption
        if unit.unit and tables[unit.unit] > 1:
            numbered[unit.unit] += 1
            nth = numbered[unit.unit]
            word = _ORDINALS[nth - 1] if nth <= len(_ORDINALS) else f"{nth}th"
            return f"{unit.label}, {word} table"
        return f"{unit.label}, table"


def _carries_on(previous: str, text: str) -> bool:
    """A block that continues the last one across a page break: the last did not finish its
    sentence and this one starts in lower case (or with a number mid-sentence)."""
    return previous[-1] not in CLOSING and (text[0].islower() or text[0].isdigit())


def _is_field(text: str) -> bool:
    """A "Label: value" line ("Financial: £80k", "Separate risk register? Yes") or a line
    with a comma ("Jane Smith, Director of ..."): content, not a heading."""
    if "," in text or "? " in text:
        return True
    label, mark, value = text.partition(": ")
    titled = all(word[0].isupper() for word in value.split() if word.lower() not in _SMALL)
    return bool(mark and value.strip() and len(label.split()) <= 6 and not titled)


def _preview(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= width else f'"{flat[: width - 1]}…"'


def split_passages(lines: Iterable[Line]) -> SplitPaper:
    """The passages of a paper read by ``knowledge.papers.reading``."""
    found = blocks(lines)
    splitter = _Splitter()
    for i, block in enumerate(found):
        splitter.take(block, found[i + 1] if i + 1 < len(found) else None)
    return splitter.finish()
