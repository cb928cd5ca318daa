"""``help``: what the bot can answer, or how to use one command, generated from the registry."""

from __future__ import annotations

import functools

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.formatting import sentence_case
from commands.registry import ADMINS, CommandSpec, Registry, command


def help_text_for(spec: CommandSpec) -> Answer:
    """One command's help: what it answers, its usage, examples and aliases."""
    lines = [spec.summary, f"Usage: /cyps {spec.usage}"]
    lines.extend(f"Example: /cyps {example}" for example in spec.examples)
    if spec.aliases:
        lines.append("Also: " + ", ".join(spec.aliases))
    return Answer(title=f"/cyps {spec.name}", lines=tuple(lines))


@command(
    "help",
    summary="What the bot can answer, or how to use one command.",
    usage="help [command]",
    examples=("help", "help savings"),
)
def help_command(call: Call) -> Answer:
    if call.request.args:
        name = call.request.args[0].lower()
        spec = call.registry.get(name)
        if spec is not None:
            return help_text_for(spec)
        raise BadInput(f'There is no command "{name}".', ("help",))
    return Answer(
        title="/cyps: what I can answer",
        lines=_command_list(call.registry, call.context.is_admin),
        suggestions=("savings 1.6", "gateway next as of 2015-01-01", "check"),
    )


UNLISTED = {"ask", "help"}  # the footer says what free questions do; help is how you got here


@functools.lru_cache(maxsize=16)
def _command_list(registry: Registry, for_admin: bool) -> tuple[str, ...]:
    """One line per kind of question, the reading commands first, then how to ask in your own
    words and scope a question, and last (for admins only) the commands that record things.

    The listing depends only on the registry and the asker's role, so it is written once per
    role rather than on every ``help``.
    """
    by_line: dict[str, list[CommandSpec]] = {}
    for spec in registry:
        if spec.name not in UNLISTED:
            by_line.setdefault(spec.line, []).append(spec)
    admins = by_line.pop(ADMINS, [])
    lines = [
        " · ".join(f"`{s.short_usage}`" for s in specs) + f" - {sentence_case(words)}"
        for words, specs in by_line.items()
    ]
    lines.append(
        "Or ask in your own words, typos and all: I say how I read it. Name a programme, a year"
        " (2018/19) or a month (June 2015) to narrow a question; add `as of 1 Oct 2014` for"
        " another date."
    )
    if for_admin and admins:
        names = " · ".join(f"`{s.brief or s.name}`" for s in admins)
        lines.append(f"Admins: {names} (`help <command>` for each)")
    return tuple(lines)
