"""Commands as tagged functions, collected into a registry from an explicit list of modules.

``@command`` only tags a function with its help text; nothing is registered by importing a
module. ``Registry.collect`` reads the tags from the modules it is given (as errbot collects a
plugin's tagged methods), so which commands exist is decided in one visible place
(``commands.handlers.HANDLER_MODULES``) and help is generated from what was collected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from commands.answer import Answer

Handler = Callable[[Any], Answer]  # a handler takes a commands.call.Call
H = TypeVar("H", bound=Handler)
TAG = "__cyps_command__"
ADMINS = "admins"  # the listing of commands only admins may use: one line, last, for admins


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
    brief: str = ""
    listing: str = ""

    @property
    def short_usage(self) -> str:
        """The usage for ``help``'s listing: ``brief``, else the usage without the options
        every command takes (the listing says once how to name a programme and a date)."""
        if self.brief:
            return self.brief
        words = self.usage.replace("[programme]", "").replace("[as of YYYY-MM-DD]", "")
        return " ".join(words.split())

    @property
    def line(self) -> str:
        """What ``help`` says of it: ``listing`` (shared by the commands on one line), else
        the summary; admins' commands are listed together (``ADMINS``)."""
        if self.admin:
            return ADMINS
        return self.listing or self.summary


def command(
    name: str,
    *,
    summary: str,
    usage: str,
    examples: tuple[str, ...],
    aliases: tuple[str, ...] = (),
    admin: bool = False,
    writes: bool = False,
    brief: str = "",
    listing: str = "",
) -> Callable[[H], H]:
    """Tag a handler as the command ``name`` (and ``aliases``) with its help text.

    ``writes`` marks commands that change stored data: faces must not repeat them (a share
    button re-asks the question) and may run them where a slow lock cannot stall a reply.
    ``brief`` and ``listing`` shape ``help``'s short listing: commands with the same
    ``listing`` share its line (``ADMINS`` for the admins' line), each shown as its ``brief``.
    """

    def tag(handler: H) -> H:
        spec = CommandSpec(
            name, summary, usage, examples, handler, aliases, admin, writes, brief, listing
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
