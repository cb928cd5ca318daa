"""``help``: what the bot can answer, or how to use one command, generated from the registry."""

from __future__ import annotations

import functools

from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput
from commands.registry import CommandSpec, Registry, command


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
        title="/cyps commands",
        lines=_command_list(call.registry, call.context.is_admin),
        suggestions=("savings 1.6", "gateway next", "check"),
    )


@functools.lru_cache(maxsize=16)
def _command_list(registry: Registry, for_admin: bool) -> tuple[str, ...]:
    """The listing depends only on the registry and the asker's role, so it is written once
    per role rather than on every ``help``."""
    specs = [s for s in registry if not s.admin or for_admin]
    lines = [f"`{s.usage}` - {s.summary}" for s in specs if s.name != "ask"]
    lines.append(
        "Or ask in your own words (typos and any order are fine): I say how I read it, then"
        " answer from the proposals, phases, milestones and figures, then the added papers."
    )
    lines.append(
        "Add `as of 1 Oct 2014` to change the date; name a programme, a year (2018/19) or a"
        " month (June 2015) to narrow it."
    )
    return tuple(lines)
