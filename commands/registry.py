"""Commands as tagged functions, collected into a registry from an explicit list of modules.

``@command`` only tags a function with its help text; nothing is registered by importing a
module. ``Registry.collect`` reads the tags from the modules it is given (as errbot collects a
plugin's tagged methods), so which commands exist is decided in one visible place
(``commands.handlers.HANDLER_MODULES``) and help is generated from what was collected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from commands.answer import Answer

Handler = Callable[[Any], Answer]  # a handler takes a commands.call.Call
H = TypeVar("H", bound=Handler)
TAG = "__cyps_command__"


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
    writes_with: tuple[str, ...] = ()

    def writes_for(self, first: Sequence[str]) -> bool:
        """Whether the command, followed by ``first`` (its first word, if any), writes."""
        return self.writes or bool(first and first[0].lower() in self.writes_with)


def command(
    name: str,
    *,
    summary: str,
    usage: str,
    examples: tuple[str, ...],
    aliases: tuple[str, ...] = (),
    admin: bool = False,
    writes: bool = False,
    writes_with: tuple[str, ...] = (),
) -> Callable[[H], H]:
    """Tag a handler as the command ``name`` (and ``aliases``) with its help text.

    ``writes`` marks commands that change stored data: faces must not repeat them (a share
    button re-asks the question) and may run them where a slow lock cannot stall a reply.
    ``writes_with`` names first words that make an otherwise reading command write
    (``digest here``); such an answer names that command (``digest here``), so it gets no
    share button.
    """

    def tag(handler: H) -> H:
        spec = CommandSpec(
            name, summary, usage, examples, handler, aliases, admin, writes, writes_with
        )
        setattr(handler, TAG, spec)
        return handler

    return tag


class Registry:
    """The commands by name and alias, in the order their modules list them."""

    def __init__(self, specs: Iterable[CommandSpec]):
        self._specs: list[CommandSpec] = []
        self._by_name: dict[str, CommandSpec] = {}
        for spec in specs:
            for key in (spec.name, *spec.aliases):
                if key in self._by_name:
                    raise ValueError(f"command {key!r} registered twice")
                self._by_name[key] = spec
            self._specs.append(spec)
        self.names = frozenset(self._by_name)

    @classmethod
    def collect(cls, modules: Iterable[ModuleType]) -> Registry:
        """Every tagged function of ``modules``, in module order, then definition order."""
        return cls(
            getattr(value, TAG)
            for module in modules
            for value in vars(module).values()
            if callable(value)
            and getattr(value, "__module__", None) == module.__name__
            and hasattr(value, TAG)
        )

    def get(self, name: str) -> CommandSpec | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> CommandSpec:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[CommandSpec]:
        """Each command once, however many aliases it has."""
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)
