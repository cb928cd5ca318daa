"""What a number at the start of a block is: a paragraph number, a section number or the
number of an item in a list. The papers use all three, with the same look.

Dotted numbers (``5.1``, ``21.4.8``) are always the paper's paragraph numbers, kept as printed
even where the paper's numbering restarts or repeats. A bare number (``6.``, ``25``) is a list
item when a paragraph just ended with a colon and the number continues that list (unless it
is also the next section's number on a line that reads as a heading); otherwise it is the next
section or paragraph when it follows the last one, or a section heading when the line reads as
a heading, even out of sequence; anything else is just text starting with a
number ("6 staff events were run").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a number at the start, then a space, a capital or an opening bracket: "5.1 The", "11.Reasons"
_LEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){0,4})\.?(?=\s|[A-Z(\"'‘“]|$)\s*")
_CAPTION = re.compile(
    r"^(?:table|figure|chart|diagram|graph)\s+\d{1,3}[a-z]?\s*[:.\-–—]\s*\S", re.I
)
LIST_REACH = 3  # how far a list's numbers may run ahead of its items (unnumbered items between)


def leading_number(text: str) -> tuple[str, str] | None:
    """The number a block starts with and the rest of its text, or None."""
    match = _LEADING_NUMBER.match(text)
    if not match:
        return None
    return match.group(1), text[match.end() :]


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text))


def looks_like_heading(text: str) -> bool:
    """A short line that reads as a title: capitalised, at most 12 words, no closing stop."""
    text = text.strip()
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    return text[-1] not in ".,;:!?" and (text[0].isupper() or text[0].isdigit())


@dataclass
class Numbering:
    """Where the paper's numbering has got to, to judge the next number against."""

    last_top: int | None = None  # the last section or paragraph number without a dot
    list_next: int | None = None  # the number the open list's next item would have

    def open_list(self) -> None:
        self.list_next = 1

    def close_list(self) -> None:
        self.list_next = None

    def bare(self, number: int, heading_like: bool) -> str:
        """``list``, ``section``, ``paragraph`` or ``text`` for a bare number at a block start."""
        follows = number == 1 if self.last_top is None else number == self.last_top + 1
        if (
            self.list_next is not None
            and number == self.list_next
            and not (follows and heading_like)
        ):
            self.list_next += 1
            return "list"
        if follows:
            self.close_list()
            self.last_top = number
            return "section" if heading_like else "paragraph"
        if self.list_next is not None and self.list_next < number <= self.list_next + LIST_REACH:
            self.list_next = number + 1
            return "list"
        if heading_like:
            self.close_list()
            self.last_top = number
            return "section"
        return "text"

    def dotted(self, number: str) -> None:
        """A dotted paragraph number closes any list; one that opens the next section (its
        heading missing or unnumbered) moves the section on."""
        self.close_list()
        top = int(number.split(".")[0])
        if self.last_top is None or top == self.last_top + 1:
            self.last_top = top
