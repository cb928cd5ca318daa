"""Free questions: search proposals, phases, milestones and named figures, answer the best."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from commands.answer import Answer
from commands.call import Call
from commands.errors import NotFound
from commands.figure_answers import search_hit_answer
from commands.item_answers import proposal_answer

CONFIDENT = 12.0
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
    if not ranked:
        raise NotFound(
            f'I could not find anything about "{question}".',
            ("help", "programmes", "proposals"),
        )
    best = ranked[0]
    answer = search_hit_answer(call, best)
    close = [
        h
        for h in ranked[1:]
        if _score(question, best) - _score(question, h) < CONFIDENT and not _same(h, best)
    ]
    if close:  # hints to ask next, never a warning, never the item just answered
        asked = {s for s in answer.suggestions}
        hints = [q for h in close if (q := hit_question(call, h)) not in asked]
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


def _score(question: str, hit: dict[str, object]) -> float:
    """How well a hit's name covers the question, preferring names with few extra words."""
    name = str(hit["name"])
    covered = fuzz.token_set_ratio(question, name, processor=utils.default_process)
    tight = fuzz.token_sort_ratio(question, name, processor=utils.default_process)
    relevance = -float(hit["rank"])  # type: ignore[arg-type]  # bm25: lower is better
    return 0.7 * covered + 0.3 * tight + relevance
