"""Answers from the board's added papers: the best passages for some words (``search``, and
the free question's fallback), one paragraph as printed (``para``), and the paragraphs a
figure's source cites, offered as suggestions (Slack shows them as buttons)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput, NotFound
from knowledge.dates import BadDate, PaperDate
from knowledge.papers.citations import cited

if TYPE_CHECKING:  # every answer asks whether papers cite it; these only once some were added
    from knowledge.papers.passages import Passage
    from knowledge.state.paper_records import Hit, PaperRecord, SearchResult
    from knowledge.state.papers import PaperStore

PER_PAGE = 3
OWN_COMMANDS = frozenset({"search", "para"})  # answers that quote the papers already
MAX_OFFERS = 2
ADD_PAPERS = "An admin adds papers with `cyps papers add FILE` (PDF, Word, text or Markdown)."


def paper_name(paper: PaperRecord) -> str:
    """How an answer names a paper: its title, with its date unless the title has it."""
    try:
        shown = PaperDate.parse(paper.paper_date).display() if paper.paper_date else ""
    except BadDate:
        shown = paper.paper_date
    return f"{paper.title} ({shown})" if shown and shown[-4:] not in paper.title else paper.title


def _where(passage: Passage) -> str:
    label = passage.label or "opening text"
    return f"{label}, page {passage.page}" if passage.page else label


def _store(call: Call) -> PaperStore:
    if call.papers is None or not call.papers.papers():
        raise NotFound(f"No papers have been added yet. {ADD_PAPERS}", ("help search",))
    return call.papers


def _scope(call: Call) -> tuple[str, ...] | None:
    return None if call.scope.how == "all" else call.scope.programme_ids


def search_answer(
    call: Call, text: str, page: int = 1, fallback: bool = False, everywhere: bool = False
) -> Answer:
    """The best three passages for ``text`` (the ``page``-th three), with the matching words
    in bold, in the call's programmes or ``everywhere``; ``fallback`` words it as the answer
    to a question nothing else answered."""
    store = _store(call)
    scope = None if everywhere else _scope(call)
    result = store.search(text, scope, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    shown = " ".join(result.terms.words or result.terms.unknown) or text.strip()
    if not result.hits:
        if not result.terms.words and not result.terms.unknown:
            raise NotFound("Nothing found: give some words to search the papers for.", ())
        more = "more " if page > 1 else ""
        raise NotFound(f'Nothing {more}in the papers matches "{shown}".', ("papers",))
    lines = list(_definitions(result))
    for number, hit in enumerate(result.hits, start=(page - 1) * PER_PAGE + 1):
        lines.append(f"{number}. {_where(hit.passage)} - {paper_name(hit.paper)}\n{hit.extract}")
    title = f'From the papers: "{shown}"' if fallback else f'Papers: "{shown}"'
    suggestions = [_para_suggestion(hit) for hit in result.hits[:1] if hit.passage.number]
    if result.more:
        suggestions.append(f"search {text.strip()} more {page + 1}".replace(" more 2", " more"))
    return Answer(
        title=title,
        lines=tuple(lines),
        notes=_notes(result),
        sources=tuple(dict.fromkeys(paper_name(hit.paper) for hit in result.hits)),
        suggestions=tuple(suggestions),
        data={
            "query": list(result.terms.words),
            "page": page,
            "hits": [
                {"paper": h.paper.id, "programme": h.paper.programme_id, "label": h.passage.label,
                 "number": h.passage.number, "page": h.passage.page}
                for h in result.hits
            ],
        },
    )  # fmt: skip


def _para_suggestion(hit: Hit) -> str:
    programme = f" {hit.paper.programme_id}" if hit.paper.programme_id else ""
    return f"para {hit.passage.number}{programme}"


def _definitions(result: SearchResult) -> list[str]:
    """What a searched abbreviation stands for, when the best passage defines it."""
    if len(result.terms.words) != 1 or not result.hits:
        return []
    best = result.hits[0]
    for definition in best.passage.defines.split("; "):
        short, _, long = definition.partition(": ")
        if long and short.lower().rstrip("s") == result.terms.words[0].rstrip("s"):
            return [f"{short} stands for {long} ({_where(best.passage)})."]
    return []


def _notes(result: SearchResult) -> tuple[str, ...]:
    notes = []
    if result.terms.corrected:
        typed = ", ".join(f'"{a}" as "{b}"' for a, b in result.terms.corrected)
        notes.append(f"Read {typed}: the papers have no such word as typed.")
    if result.terms.unknown:
        words = ", ".join(f'"{w}"' for w in result.terms.unknown)
        notes.append(f"No paper uses {words}; searched without it.")
    if not result.every_word:
        notes.append("No passage has every word; these have some of them.")
    if result.capped:
        notes.append(
            "So many passages match that only the most recently added ones were ranked;"
            " add words to narrow the search."
        )
    return tuple(notes)


def paragraph_answer(call: Call, number: str) -> Answer:
    """One paragraph (or a section's paragraphs) of the programme's added paper, as printed."""
    store = _store(call)
    wanted = number.strip().rstrip(".")
    if not wanted.replace(".", "").isdigit() or ".." in wanted or len(wanted) > 15:
        raise BadInput(
            f'"{number}" is not a paragraph number: write it as printed, e.g. `para 6.5`.',
            ("papers",),
        )
    found = store.paragraph(wanted, _scope(call))
    where = f" for {', '.join(call.scope.programme_ids)}" if call.scope.how != "all" else ""
    if not found:
        raise NotFound(f"No added paper{where} has a para {wanted}.", ("papers",))
    if len(found) > 1:
        return Answer(
            title=f"para {wanted} is in {len(found)} papers",
            lines=tuple(f"{paper_name(p)} ({p.programme_id or p.id})" for p, _ in found),
            suggestions=tuple(f"para {wanted} {p.programme_id or ''}".strip() for p, _ in found),
        )
    paper, passages = found[0]
    exact = passages[0].number == wanted  # else: the paragraphs of section ``wanted``
    units = list(dict.fromkeys(p.unit for p in passages)) if exact else [0]
    lines: list[str] = []
    for passage in passages:
        if len(units) > 1 and passage is next(p for p in passages if p.unit == passage.unit):
            lines.append(f"Under {passage.heading}:" if passage.heading else "Elsewhere:")
        lines.extend(_printed(passage))
    notes = (f"The paper prints para {wanted} {len(units)} times; each is shown.",)
    following = store.next_number(paper.id, passages[-1].seq)
    programme = f" {paper.programme_id}" if paper.programme_id else ""
    label = passages[0].label.split(",")[0] if exact else f"section {wanted}"
    if not exact and passages[0].heading:
        label = f"{label} ({passages[0].heading})"
    return Answer(
        title=f"{label} - {paper_name(paper)}",
        lines=tuple(lines),
        notes=notes if len(units) > 1 else (),
        sources=(f"{paper_name(paper)}, {label if not exact else _where(passages[0])}",),
        suggestions=(f"para {following}{programme}",) if following else (),
        data={"paper": paper.id, "programme": paper.programme_id, "number": wanted},
    )


def _printed(passage: Passage) -> list[str]:
    from knowledge.papers.passages import TABLE

    if passage.kind == TABLE:
        return [" | ".join(cell for cell in row.split("\t")) for row in passage.text.split("\n")]
    return passage.text.split("\n")


def offer_paragraphs(call: Call, answer: Answer) -> Answer:
    """``answer`` with its sources' paragraphs that an added paper has offered as suggestions
    (``para 6.5 haringey-54000``), at most two, when papers have been added."""
    papers = call.papers
    if papers is None or not answer.ok or not answer.sources or answer.command in OWN_COMMANDS:
        return answer
    numbers = papers.numbers_by_programme()
    if not numbers:
        return answer
    offers: list[str] = []
    for source in answer.sources:
        paper, _, places = source.partition(": ")  # "Paper: place; place" (``citing``)
        for programme in call.kb.programmes():
            have = numbers.get(programme.id)
            if have and paper == programme.document_title:
                offers.extend(
                    f"para {n} {programme.id}"
                    for kind, n in cited(places)
                    if kind == "para" and n in have
                )
    new = [o for o in dict.fromkeys(offers) if o not in answer.suggestions][:MAX_OFFERS]
    return replace(answer, suggestions=(*answer.suggestions, *new)) if new else answer
