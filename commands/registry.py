"""Commands as tagged functions in one registry; help is generated from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commands.answer import Answer
    from commands.engine import Call

Handler = Callable[["Call"], "Answer"]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    summary: str
    usage: str
    examples: tuple[str, ...]
    handler: Handler
    aliases: tuple[str, ...] = ()
    admin: bool = False
    writes: bool = False


REGISTRY: dict[str, CommandSpec] = {}


def command(
    name: str,
    *,
    summary: str,
    usage: str,
    examples: tuple[str, ...],
    aliases: tuple[str, ...] = (),
    admin: bool = False,
    writes: bool = False,
) -> Callable[[Handler], Handler]:
    """Register a handler under ``name`` (and ``aliases``) with its help text.

    ``writes`` marks commands that change stored data: faces must not repeat them (a share
    button re-asks the question) and may run them where a slow lock cannot stall a reply.
    """

    def register(handler: Handler) -> Handler:
        spec = CommandSpec(name, summary, usage, examples, handler, aliases, admin, writes)
        for key in (name, *aliases):
            if key in REGISTRY:
                raise ValueError(f"command {key!r} registered twice")
            REGISTRY[key] = spec
        return handler

    return register


def command_names() -> frozenset[str]:
    return frozenset(REGISTRY)


def unique_commands() -> list[CommandSpec]:
    return list({id(spec): spec for spec in REGISTRY.values()}.values())
