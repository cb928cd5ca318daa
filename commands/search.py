"""Free questions: search proposals, phases, milestones and named figures, answer the best;
when none of them fits the question, answer from the added papers' text instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from commands.answer import Answer
from commands.call import Call
from commands.errors import NotFound
from commands.figure_answers import search_hit_answer
from commands.item_answers import proposal_answer
from commands.paper_answers import search_answer
from commands.vocabulary import MEANING_OF, meaning, words_of
from knowledge.queries import KnowledgeBase

CONFIDENT = 12.0
FITS = 0.5  # the share of the question's words a structured match must explain
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "did",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "much",
        "of",
        "on",
        "or",
        "our",
        "show",
        "tell",
        "the",
        "their",
        "there",
        "to",
        "us",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
    ]
)


def content_words(question: str) -> str:
    """The question without filler words, so "how much is the fee" scores like "fee"."""
    words = [w for w in question.split() if w.lower().strip("?.,!") not in STOPWORDS]
    return " ".join(words) or question


def answer_question(call: Call, text: str) -> Answer:
    """The best match for ``text`` among the proposals, phases, milestones and figures in
    scope, with the close runners-up named when the match is not clear."""
    question = content_words(text.strip())
    exact = [
        p for pid in call.scope.programme_ids for p in call.kb.proposals(pid) if p.ref == question
    ]
    if len(exact) == 1:
        found = proposal_answer(call, exact[0])
        return _naming(found, f"proposal:{exact[0].programme_id}:{exact[0].id}")
    hits = search_for(call.kb, question, call.scope.programme_ids)
    asks = asks_for(text)
    ranked = rank_hits(call.kb, question, hits, asks)
    if not ranked or _cover(call.kb, question, ranked[0]) < FITS:
        from_papers = _from_the_papers(call, text)
        if from_papers is not None:
            return from_papers
    if not ranked:
        raise NotFound(
            f'I could not find anything about "{question}".',
            ("help", "programmes", "proposals"),
        )
    best = ranked[0]
    answer = _naming(
        search_hit_answer(call, best), f"{best['kind']}:{best['programme_id']}:{best['key']}"
    )
    asked = _asked(question)
    best_score = _score(asked, best, asks, _profile(call.kb, best))
    close = [
        h
        for h in ranked[1:4]
        if best_score - _score(asked, h, asks, _profile(call.kb, h)) < CONFIDENT
        and not _same(h, best)
    ]
    if close:  # hints to ask next, never a warning, never the item just answered
        offered = set(answer.suggestions)
        hints = [q for h in close if (q := hit_question(call, h)) not in offered]
        answer = answer.but(suggestions=(*answer.suggestions, *dict.fromkeys(hints))[:3])
    return answer


def _same(hit: dict[str, object], other: dict[str, object]) -> bool:
    """Two hits a reader could not tell apart: the same item, or the same name in the same
    programme (a total row printed in two tables, say)."""
    same_item = (hit["kind"], hit["key"]) == (other["kind"], other["key"])
    same_name = str(hit["name"]).lower() == str(other["name"]).lower()
    return hit["programme_id"] == other["programme_id"] and (same_item or same_name)


def hit_question(call: Call, hit: dict[str, object]) -> str:
    """The question that answers with this hit: a proposal or phase by its command, anything
    else by its name through ``ask`` (a name may begin with a command word), in its programme."""
    pid, key, kind = str(hit["programme_id"]), str(hit["key"]), str(hit["kind"])
    if kind == "proposal":
        proposal = call.kb.proposal(pid, key)
        if proposal:
            return f"savings {proposal.ref or proposal.id} {pid}"
    if kind == "phase":
        phase = next((p for p in call.kb.phases(pid) if p.id == key), None)
        if phase and phase.number is not None:
            return f"phase {phase.number} {pid}"
    if kind == "milestone":
        milestone = next((m for m in call.kb.milestones(pid) if m.id == key), None)
        if milestone:
            return f"ask {milestone.title} {pid}"
    if kind == "figure":
        figure = call.kb.figure(pid, key)
        if figure:  # the name the search indexes, less the period: short enough for a button
            words = " ".join(filter(None, (figure.measure, figure.subject, figure.scenario)))
            return f"ask {words} {pid}"
    return f"ask {hit['name']} {pid}"


def rank_hits(
    kb: KnowledgeBase, question: str, hits: list[dict[str, object]], asks: str
) -> list[dict[str, object]]:
    """Search hits, the one that explains most of the question first (see ``_score``)."""
    asked = _asked(question)
    return sorted(hits, key=lambda h: -_score(asked, h, asks, _profile(kb, h)))


def _asked(question: str) -> frozenset[str]:
    return frozenset(meaning(w) for w in words_of(question) if w not in STOPWORDS)


@dataclass(frozen=True)
class _Profile:
    """A hit's words as the scoring compares them, worked out once per build and item."""

    name: frozenset[str]
    text: frozenset[str]
    measure: frozenset[str]


def _profile(kb: KnowledgeBase, hit: dict[str, object]) -> _Profile:
    key = ("search profile", hit["kind"], hit["programme_id"], hit["key"])
    return cast(_Profile, kb.memo(key, lambda: _read_profile(kb, hit)))


def _read_profile(kb: KnowledgeBase, hit: dict[str, object]) -> _Profile:
    measure = _measure(kb, hit)
    name = {meaning(w) for w in words_of(str(hit["name"])) if w not in STOPWORDS}
    name |= initialisms(f"{hit['name']} {measure}")
    return _Profile(
        frozenset(name),
        frozenset(meaning(w) for w in words_of(str(hit.get("text") or ""))),
        frozenset(meaning(w) for w in words_of(measure)),
    )


def _measure(kb: KnowledgeBase, hit: dict[str, object]) -> str:
    """What a figure or table row measures ("fee", "annual savings"), for weighing a hit."""
    if hit["kind"] == "figure":
        figure = kb.figure(str(hit["programme_id"]), str(hit["key"]))
        return figure.measure if figure else ""
    if hit["kind"] == "row":
        table_id, _, label = str(hit["key"]).partition(":")
        table = kb.table(str(hit["programme_id"]), table_id)
        row = table.row(label) if table else None
        return row.measure if row else ""
    return ""


def search_for(
    kb: KnowledgeBase, question: str, programme_ids: tuple[str, ...]
) -> list[dict[str, object]]:
    """The knowledge base's hits for a free question, with the papers' words for its everyday
    ones; the understander and the answer ask the same, so it is searched once."""
    return kb.search(with_meanings(question), limit=25, programme_ids=programme_ids)


def with_meanings(question: str) -> str:
    """The question with the papers' words for its everyday ones ("worth" also as "cost"), so
    the search finds figures named the way the paper names them."""
    words = words_of(question)
    extra = [MEANING_OF[w] for w in words if w in MEANING_OF and MEANING_OF[w] not in words]
    return " ".join([*words, *extra])


def asks_for(text: str) -> str:
    """What kind of thing a question wants: an amount (how much, cost), a date (when), or any."""
    lowered = text.lower()
    if _AMOUNT.search(lowered):
        return "amount"
    if _TIME.search(lowered):
        return "time"
    return ""


_AMOUNT = re.compile(r"\b(?:how much|how many|cost\w*|worth|price|fee|spend|£|budget|figure)\b")
_TIME = re.compile(r"\b(?:when|what date|which date|by when|what day)\b")
_WANTS = {"amount": {"figure", "row"}, "time": {"milestone", "phase"}}


def _score(asked: frozenset[str], hit: dict[str, object], asks: str, profile: _Profile) -> float:
    """How much of the question a hit explains. A question word its measure says counts most
    (a figure is what it measures), one its name says next, one only its description says
    least; each word of its name the question did not ask for counts against it; then hits of
    the kind the question wants (an amount, a date), then the search's own relevance."""
    in_measure = len(asked & profile.measure)
    in_name = len((asked & profile.name) - profile.measure)
    in_text = len((asked - profile.name) & profile.text)
    extra = len(profile.name - asked)
    wanted = 1.0 if hit["kind"] in _WANTS.get(asks, ()) else 0.0
    relevance = -float(hit["rank"])  # type: ignore[arg-type]  # bm25: lower is better
    return 36 * in_measure + 30 * in_name + 12 * in_text - 4 * extra + 15 * wanted + relevance


_CAPITALISED_RUN = re.compile(r"\b(?:[A-Z][a-z]+\s+){1,5}[A-Z][a-z]+\b")


def initialisms(text: str) -> set[str]:
    """The letters a run of capitalised words is known by: "Dedicated Schools Grant" is DSG,
    "Looked After Children" LAC (papers and board members use them interchangeably)."""
    return {"".join(w[0] for w in run.split()).lower() for run in _CAPITALISED_RUN.findall(text)}


def _from_the_papers(call: Call, text: str) -> Answer | None:
    """The papers' best passages for a question nothing structured fits, if papers say anything."""
    if call.papers is None or not call.papers.papers():
        return None
    try:
        return search_answer(call, text, fallback=True)
    except NotFound:
        return None


def _cover(kb: KnowledgeBase, question: str, hit: dict[str, object]) -> float:
    """The share of the question's words a hit's name, measure or description says."""
    asked = _asked(question)
    if not asked:
        return 1.0
    profile = _profile(kb, hit)
    return len(asked & (profile.name | profile.text | profile.measure)) / len(asked)


def _naming(answer: Answer, item: str) -> Answer:
    """The answer, saying which item it is about (``kind:programme:key``)."""
    return answer.but(data={**answer.data, "item": item})
