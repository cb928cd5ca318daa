"""How the bot read a question: the command and what it is about, as plain fields.

A Reading is what the understander makes of any text and what the documented syntax says
exactly, so both can be compared field by field (the evaluation set does), shown back to the
person in one line ("Read as: savings 1.4 for 2018-19"), and turned into the documented words
the handlers answer (``documented``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Reading:
    """What a question was read as: the command and what it is about."""

    command: str
    programmes: tuple[str, ...] = ()
    subject: str | None = None
    years: tuple[str, ...] = ()
    months: tuple[str, str] | None = None
    as_of: str | None = None
    direction: str | None = None
    rag: str | None = None
    over_years: int | None = None
    compare: tuple[str, ...] = ()
    measure: str | None = None
    words: tuple[str, ...] = field(default=(), compare=False)  # left for the handler to read

    def with_(self, **changes: Any) -> Reading:
        return replace(self, **changes)

    def documented(self) -> str:
        """The documented ``/cyps`` words that ask exactly this."""
        parts = [self.command]
        if self.command == "compare":
            parts.append(" and ".join(self.compare))
            if self.measure:
                parts.append(self.measure)
        if self.command == "use" and self.subject:
            return f"use {self.subject}"
        elif self.direction and self.command in {"gateway", "checkpoint"}:
            parts.append(self.direction)
        if self.rag:
            parts.append(self.rag)
        if self.subject and self.command != "ask":
            parts.append(self.subject)
        parts.extend(self.words)
        parts.extend(p for p in self.programmes if p not in self.compare)
        parts.extend(self.years)
        if self.months:
            first, last = self.months
            parts.append(first if first == last else f"{first}..{last}")
        if self.over_years:
            parts.append(f"over {self.over_years} years")
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return " ".join(parts)

    def describe(self) -> str:
        """One short line a person can check at a glance: ``savings 1.4 for 2018-19``."""
        if self.command == "ask":
            asked = f'a question about "{" ".join(self.words)}"' if self.words else "a question"
            named = [p for p in self.programmes]
            return asked + (f" in {', '.join(named)}" if named else "")
        parts = [self.command]
        if self.command == "use" and self.subject:
            return f"use {self.subject}"
        if self.command == "compare":
            parts.append(" and ".join(self.compare))
            if self.measure:
                parts.append(f"({self.measure})")
        elif self.direction and self.command in {"gateway", "checkpoint"}:
            parts.append(self.direction)
        if self.rag:
            parts.append(self.rag)
        if self.subject and self.command != "ask":
            parts.append(self.subject)
        parts.extend(self.words)
        named = [p for p in self.programmes if p not in self.compare]
        if named:
            parts.append(f"in {', '.join(named)}")
        if self.years:
            parts.append(f"for {', '.join(self.years)}")
        if self.months:
            first, last = self.months
            parts.append(f"in {first}" if first == last else f"from {first} to {last}")
        if self.over_years:
            parts.append(f"over {self.over_years} years")
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """The fields the evaluation set compares (``docs``: /work/notes/READING.md)."""
        return {
            "command": self.command,
            "programmes": list(self.programmes),
            "subject": self.subject,
            "years": list(self.years),
            "months": list(self.months) if self.months else None,
            "as_of": self.as_of,
            "direction": self.direction,
            "rag": self.rag,
            "over_years": self.over_years,
            "compare": list(self.compare),
            "measure": self.measure,
        }
