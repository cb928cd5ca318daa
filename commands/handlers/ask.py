"""Free questions: search proposals, phases, milestones and named figures, answer the best match."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from commands.answer import Answer
from commands.engine import Call
from commands.errors import NotFound
from commands.formatting import amount
from commands.handlers.savings import proposal_answer
from commands.handlers.schedule import milestone_answer, phase_answer
from commands.registry import command

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


@command(
    "ask",
    summary="Any other question: the best match among proposals, phases, milestones and figures.",
    usage="<question>",
    examples=("total programme cost", "strategic partner cost", "go live harrow"),
)
def ask(call: Call) -> Answer:
    question = content_words(call.rest.strip())
    if not call.rest.strip():
        from commands.handlers.general import help_command

        return help_command(call)
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
    runner_up = ranked[1] if len(ranked) > 1 else None
    answer = _answer_for(call, best)
    if runner_up and _score(question, best) - _score(question, runner_up) < CONFIDENT:
        others = [f"{h['name']} ({h['programme_id']})" for h in ranked[1:4]]
        answer = Answer(
            **{**answer.__dict__, "notes": (*answer.notes, "Also close: " + "; ".join(others))}
        )
    return answer


def _score(question: str, hit: dict[str, object]) -> float:
    """How well a hit's name covers the question, preferring names with few extra words."""
    name = str(hit["name"])
    covered = fuzz.token_set_ratio(question, name, processor=utils.default_process)
    tight = fuzz.token_sort_ratio(question, name, processor=utils.default_process)
    relevance = -float(hit["score"])  # type: ignore[arg-type]  # bm25: lower is better
    return 0.7 * covered + 0.3 * tight + relevance


def _answer_for(call: Call, hit: dict[str, object]) -> Answer:
    pid, key, kind = str(hit["programme_id"]), str(hit["key"]), str(hit["kind"])
    if kind == "proposal":
        proposal = call.kb.proposal(pid, key)
        if proposal:
            return proposal_answer(call, proposal)
    if kind == "phase":
        phase = next((p for p in call.kb.phases(pid) if p.id == key), None)
        if phase:
            return phase_answer(call, phase)
    if kind == "milestone":
        milestone = next((m for m in call.kb.milestones(pid) if m.id == key), None)
        if milestone:
            return milestone_answer(call, milestone, milestone.kind.capitalize())
    if kind == "figure":
        figure = call.kb.figure(pid, key)
        if figure:
            what = " - ".join(
                filter(
                    None,
                    [figure.measure.capitalize(), figure.subject, figure.scenario, figure.period],
                )
            )
            lines = [f"{what}: {amount(figure.amount)}"]
            if figure.description:
                lines.append(figure.description)
            notes = (f"Reading of the paper: {figure.source.note}",) if figure.source.note else ()
            return Answer(
                title=f"{what} ({pid})",
                lines=tuple(lines),
                notes=notes,
                sources=(figure.source.cite(),),
            )
    if kind == "row":
        table_id, _, label = key.partition(":")
        cells = [f for f in call.kb.figures(pid) if f.table_id == table_id and f.subject == label]
        table = call.kb.table(pid, table_id)
        if cells and table:
            what = f"{cells[0].measure.capitalize()} - {label}"
            values = " | ".join(f"{f.period} {amount(f.amount)}" for f in cells)
            return Answer(
                title=f"{what} ({pid})",
                lines=(values,),
                sources=(f'{table.source.cite()}, row "{label}"',),
            )
    programme = call.kb.programme(pid)
    title = programme.title if programme else pid
    return Answer(
        title=f"{title} ({pid})",
        lines=(programme.summary if programme else "",),
        sources=(programme.source.cite(),) if programme else (),
    )
