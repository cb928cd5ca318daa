"""Free questions: search proposals, phases, milestones and named figures, answer the best;
when none of them fits the question, answer from the added papers' text instead."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from commands.answer import Answer
from commands.call import Call
from commands.errors import NotFound
from commands.item_answers import proposal_answer, search_hit_answer
from commands.paper_answers import search_answer

CONFIDENT = 12.0
FITS = 60.0  # how much of the question (token_set_ratio) a structured match's name must cover
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
        return proposal_answer(call, exact[0])
    hits = call.kb.search(question, limit=25, programme_ids=call.scope.programme_ids)
    ranked = sorted(hits, key=lambda h: -_score(question, h))
    if not ranked or _cover(question, ranked[0]) < FITS:
        from_papers = _from_the_papers(call, text)
        if from_papers is not None:
            return from_papers
    if not ranked:
        raise NotFound(
            f'I could not find anything about "{question}".',
            ("help", "programmes", "proposals"),
        )
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else None
    answer = search_hit_answer(call, best)
    if runner_up and _score(question, best) - _score(question, runner_up) < CONFIDENT:
        others = [f"{h['name']} ({h['programme_id']})" for h in ranked[1:4]]
        answer = Answer(
            **{**answer.__dict__, "notes": (*answer.notes, "Also close: " + "; ".join(others))}
        )
    return answer


def _from_the_papers(call: Call, text: str) -> Answer | None:
    """The papers' best passages for a question nothing structured fits, if papers say anything."""
    if call.papers is None or not call.papers.papers():
        return None
    try:
        return search_answer(call, text, fallback=True)
    except NotFound:
        return None


def _cover(question: str, hit: dict[str, object]) -> float:
    return fuzz.token_set_ratio(question, str(hit["name"]), processor=utils.default_process)


def _score(question: str, hit: dict[str, object]) -> float:
    """How well a hit's name covers the question, preferring names with few extra words."""
    name = str(hit["name"])
    covered = fuzz.token_set_ratio(question, name, processor=utils.default_process)
    tight = fuzz.token_sort_ratio(question, name, processor=utils.default_process)
    relevance = -float(hit["rank"])  # type: ignore[arg-type]  # bm25: lower is better
    return 0.7 * covered + 0.3 * tight + relevance
