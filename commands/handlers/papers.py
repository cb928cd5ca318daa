"""``search`` and ``para``: what the board's added papers say, with paragraph-exact sources."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.paper_answers import paragraph_answer, search_answer
from commands.registry import command


def _page(args: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """The words, and which three hits to show: ``... more`` is the second three,
    ``... more 3`` the third."""
    if len(args) >= 2 and args[-2].lower() == "more" and args[-1].isdigit():
        return args[:-2], max(1, min(int(args[-1]), 100))
    if args and args[-1].lower() == "more":
        return args[:-1], 2
    return args, 1


@command(
    "search",
    summary="Search the text of the board's added papers: the best three passages, each with its paper, paragraph or page, and the matching words in bold.",
    usage="search <words> [programme] [more]",
    examples=("search strategic partner", "search KPIs kent"),
    brief="search <words>",
    listing=listings.PAPERS,
)
def search(call: Call) -> Answer:
    words, page = _page(call.args)
    everywhere = False
    if not words:  # every word named a programme ("search MTFS"): search for the words
        words, page = _page(call.request.args)
        everywhere = call.scope.how == "text"
    if not " ".join(words).strip():
        raise BadInput(
            "Give some words to search the papers for, e.g. `search strategic partner`.",
            ("search strategic partner",),
        )
    return search_answer(call, " ".join(words), page, everywhere=everywhere)


@command(
    "para",
    summary="One paragraph (or a section's paragraphs) of a programme's added paper, as printed, with its source.",
    usage="para <number> [programme]",
    examples=("para 2.3 kent", "section 3"),
    aliases=("paragraph", "section"),
    brief="para <number>",
    listing=listings.PAPERS,
)
def para(call: Call) -> Answer:
    if len(call.args) != 1:
        raise BadInput(
            "Give one paragraph number, as printed, e.g. `para 6.5 haringey-54000`.",
            ("para 6.5 haringey-54000",),
        )
    return paragraph_answer(call, call.args[0])
