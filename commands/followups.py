"""``more <question>`` and ``sources <question>``: the rest of an answer, or every source it
used with how we read it. The engine answers the question as usual and then opens it up here,
so the shell, ``cyps ask`` and Slack's buttons all follow up the same way."""

from __future__ import annotations

from dataclasses import replace

from commands.answer import Answer
from commands.errors import BadInput
from commands.parsing import Request, parse_request
from commands.registry import Registry

MORE, SOURCES = "more", "sources"
FOLLOW_UPS = (MORE, SOURCES)


def unwrap(request: Request, registry: Registry) -> tuple[list[str], Request]:
    """The follow-up words in front of a question (``more``, ``sources``, or both), and the
    question's own request: its words parsed as a question of their own, keeping the options
    already read from the whole text."""
    words: list[str] = []
    while request.command in FOLLOW_UPS and request.args:
        words.append(request.command)
        inner = parse_request(" ".join(request.args), registry)
        request = replace(
            inner,
            raw=request.raw,
            as_of=request.as_of or inner.as_of,
            programme_flag=request.programme_flag or inner.programme_flag,
            over_years=request.over_years or inner.over_years,
        )
    return words, request


def refuse_writes(words: list[str]) -> None:
    if words:
        raise BadInput(
            f"`{words[0]}` shows more of an answer; it cannot follow a command that records "
            "something. Ask the question itself instead.",
            ("help",),
        )


def follow_up(answer: Answer, words: list[str]) -> Answer:
    """The answer opened up as the words ask, innermost first."""
    for word in reversed(words):
        answer = expanded(answer) if word == MORE else sources_of(answer)
    return answer


def expanded(answer: Answer) -> Answer:
    """Every line, including those held back to fit a phone."""
    return answer.but(lines=(*answer.lines, *answer.more), more=())


def sources_of(answer: Answer) -> Answer:
    """Each place the answer used, in full, with the reading of the paper behind it."""
    places = answer.details or tuple(f"{s}" for s in answer.sources)
    if not answer.ok:
        return answer
    if not places:
        return Answer(title=f"Sources: {answer.title}", lines=("This answer cites no paper.",))
    return Answer(
        title=f"Sources: {answer.title}",
        lines=places,
        command=answer.command,
        data=answer.data,
    )
