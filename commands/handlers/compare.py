"""``compare``: two or more programmes or proposals side by side on savings, gap or ROI.

Each side is answered exactly as its own question would be (``savings kent-0-25``,
``roi 1.3``), so a comparison never computes a figure differently from the single answer;
this only puts the headline lines together.
"""

from __future__ import annotations

import re
from dataclasses import replace

from commands import listings
from commands.answer import Answer
from commands.call import Call, Scope
from commands.citing import merge_cited
from commands.errors import BadInput
from commands.lookup import find_proposal
from commands.registry import command
from commands.savings_text import cells_text
from commands.vocabulary import COMMAND_OF_WORD, PLAIN_WORDS

MEASURES = ("savings", "gap", "roi")
_SEPARATORS = re.compile(r"\s*(?:,|\band\b|\bvs\.?|\bversus\b|\bv\b|\bwith\b|\bagainst\b|&)\s*")


def _sides(call: Call) -> tuple[list[str], str | None]:
    """The things compared, in the order typed (programme ids or proposal refs), and the
    measure named, if any."""
    measure = None
    kept: list[str] = []
    for word in call.args:
        meaning = COMMAND_OF_WORD.get(word.lower())
        if meaning in MEASURES:
            measure = meaning
        else:
            kept.append(word)
    sides: list[str] = []
    everywhere = replace(call, scope=Scope(tuple(p.id for p in call.kb.programmes()), "all"))
    for chunk in _SEPARATORS.split(" ".join(kept)):
        named = " ".join(w for w in chunk.split() if w.lower().strip("-?") not in PLAIN_WORDS)
        if named:
            proposal = find_proposal(everywhere, named, "compare")
            sides.append(proposal.ref or proposal.id)
    named_programmes = (
        list(call.scope.programme_ids) if call.scope.how in {"text", "option"} else []
    )
    return [*named_programmes, *sides], measure


@command(
    "compare",
    summary="Two or more programmes or proposals side by side on savings, gap or return on investment.",
    usage="compare <programme or ref> and <programme or ref> [savings|gap|roi] [year]",
    examples=("compare kent harrow", "compare 1.3 and 1.4", "compare kent harrow roi"),
    periods=True,
    brief="compare <A> and <B>",
    listing=listings.MONEY,
)
def compare(call: Call) -> Answer:
    sides, measure = _sides(call)
    measure = measure or "savings"
    if len(sides) < 2:
        raise BadInput(
            "Name two things to compare: programmes or proposal refs, e.g. `compare kent and harrow`.",
            ("compare kent harrow", "compare 1.3 and 1.4"),
        )
    assert call.ask is not None  # the engine always supplies it
    years = " ".join(call.request.years)
    lines: list[str] = []
    sources: list[str] = []
    notes: list[str] = []
    warnings: list[str] = []
    for side in sides:
        answer = call.ask(f"{measure} {side} {years}".strip())
        lines.append(f"{side}: {answer.title}")
        if not answer.ok:
            continue
        lines.extend(f"   {line}" for line in headline(answer))
        sources.extend(answer.sources)
        notes.extend(answer.notes[:1])
        warnings.extend(answer.warnings)
    return Answer(
        title=f"Compare {measure}: " + " and ".join(sides) + (f" ({years})" if years else ""),
        lines=tuple(lines),
        warnings=tuple(dict.fromkeys(warnings)),
        notes=tuple(dict.fromkeys(notes)),
        sources=merge_cited(sources),
        data={"compare": sides, "measure": measure},
    )


def headline(answer: Answer) -> list[str]:
    """What a side says first, in two lines: its figure (the lead), then its years (the
    cells) or its first line; or, with no lead, its first two lines."""
    lines = [line.strip() for line in answer.lines if line.strip()]
    if not answer.lead:
        return lines[:2]
    second = cells_text(answer.cells) if answer.cells else next(iter(lines), "")
    return [answer.lead, second] if second else [answer.lead]
