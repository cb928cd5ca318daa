"""``ask``: any question that names no command, answered by the best match in scope."""

from __future__ import annotations

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.registry import command


@command(
    "ask",
    summary="Any other question: the best match among proposals, phases, milestones and figures, else the added papers.",
    usage="<question>",
    examples=("total programme cost", "strategic partner cost", "go live harrow"),
)
def ask(call: Call) -> Answer:
    if not call.rest.strip():
        raise BadInput(
            "Ask me something after `ask`, e.g. `ask strategic partner cost`.", ("help",)
        )
    from commands.search import answer_question  # the search, only for a free question

    return answer_question(call, call.rest)
