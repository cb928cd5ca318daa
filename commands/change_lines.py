"""A recorded change in words a board member would say: "delivered 2017-18 £125k (was
£120k)", for ``history`` and the digest alike."""

from __future__ import annotations

from decimal import Decimal

from commands.formatting import money

FIELD_WORDS = {"actual": "delivered", "forecast": "forecast", "rag": "RAG", "date": "date"}


def change_words(field: str, old: str | None, new: str) -> str:
    """ "delivered 2017-18 £120k (was not recorded)", "RAG red (was green)" """
    kind, _, year = field.partition(" ")
    money_field = kind in {"actual", "forecast"}

    def shown(value: str | None) -> str:
        if not value or value == "-":
            return "not recorded" if money_field else "not set"
        return money(Decimal(value), "GBP k") if money_field else value

    if kind == "added":
        return f"added, for {new}"
    words = " ".join(filter(None, (FIELD_WORDS.get(kind, kind), year)))
    return f"{words} {shown(new)} (was {shown(old)})"


def change_line(at: str, who: str, via: str, field: str, old: str | None, new: str) -> str:
    """ "2014-10-01 09:00 · U0ADMIN via slack: delivered 2017-18 £120k (was not recorded)" """
    when = at[:16].replace("T", " ")
    return f"{when} · {who} via {via}: {change_words(field, old, new)}"
