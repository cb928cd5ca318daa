"""Commands as tagged functions, collected into a registry from an explicit list of modules.

``@command`` only tags a function with its help text; nothing is registered by importing a
module. ``Registry.collect`` reads the tags from the modules it is given (as errbot collects a
plugin's tagged methods), so which commands exist is decided in one visible place
(``commands.handlers.HANDLER_MODULES``) and help is generated from what was collected.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from commands.answer import Answer
from commands.vocabulary import PLAIN_WORDS

Handler = Callable[[Any], Answer]  # a handler takes a commands.call.Call
H = TypeVar("H", bound=Handler)
TAG = "__cyps_command__"
ADMINS = "admins"  # the listing of commands only admins may use: one line, last, for admins


@dataclass(frozen=True)
class CommandSpec:
    """A command as help and dispatch see it: names, usage, examples and handler."""

    name: str
    summary: str
    usage: str
    examples: tuple[str, ...]
    handler: Handler
    aliases: tuple[str, ...] = ()
    admin: bool = False
    writes: bool = False
    periods: bool = False
    writes_with: tuple[str, ...] = ()

    def writes_for(self, first: Sequence[str]) -> bool:
        """Whether the command, followed by ``first`` (its first word, if any), writes."""
        return self.writes or bool(first and first[0].lower() in self.writes_with)

    brief: str = ""
    listing: str = ""
    narrows: str = ""  # "bare" or "always": see ``command``

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
    periods: bool = False,
    writes_with: tuple[str, ...] = (),
    brief: str = "",
    listing: str = "",
    narrows: str = "",
) -> Callable[[H], H]:
    """Tag a handler as the command ``name`` (and ``aliases``) with its help text.

    ``writes`` marks commands that change stored data: faces must not repeat them (a share
    button re-asks the question) and may run them where a slow lock cannot stall a reply.
    ``periods`` marks commands that read financial years and months among their words
    (``savings 1.4 2018-19``, ``milestones 2015-06``); the parser takes them out for it.
    ``writes_with`` names first words that make an otherwise reading command write
    (``digest here``); such an answer names that command (``digest here``), so it gets no
    share button.
    ``brief`` and ``listing`` shape ``help``'s short listing: commands with the same
    ``listing`` share its line (``ADMINS`` for the admins' line), each shown as its ``brief``.
    ``narrows`` marks commands that answer programme by programme: over a scope of more than
    a screenful of programmes the engine answers the most recent few and says how many more,
    when nothing is named (``"bare"``: ``savings`` but not ``savings 1.6``) or whatever the
    words (``"always"``: ``proposals red``).
    """

    def tag(handler: H) -> H:
        spec = CommandSpec(
            name,
            summary,
            usage,
            examples,
            handler,
            aliases,
            admin,
            writes,
            periods,
            writes_with,
            brief,
            listing,
            narrows,
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
        self._corrected: dict[str, str | None] = {}

    def command_of(self, word: str) -> str:
        """The command a name or alias in ``names`` is."""
        return self._by_name[word].name

    def load_all(self) -> None:
        """Have every command's code ready (these were all given at once: nothing to do)."""

    def reads_periods(self, word: str) -> bool:
        """Whether the command ``word`` names takes financial years and months from its words."""
        spec = self.get(word)
        return spec is not None and spec.periods

    def command_word(self, word: str) -> str | None:
        """The command name or alias ``word`` is, allowing one typo: the one name within one
        edit (a swap of two letters counts as one). None when it is none, when two commands
        are as near, or when the word is an everyday one ("us" is not a typo of "use")."""
        word = word.lower()
        if word in self.names:
            return word
        if word in self._corrected:
            return self._corrected[word]
        found = None
        if (
            len(word) >= 2
            and word.isalpha()
            and word not in PLAIN_WORDS
            and len(self._corrected) < 10_000
        ):
            from rapidfuzz import process  # a typo'd command word; exact ones never need it
            from rapidfuzz.distance import DamerauLevenshtein

            near = process.extract(
                word, self.names, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=3
            )
            specs = {self.command_of(name) for name, _, _ in near}
            found = near[0][0] if len(specs) == 1 else None
        self._corrected[word] = found
        return found

    @classmethod
    def collect(cls, modules: Iterable[ModuleType]) -> Registry:
        """Every tagged function of ``modules``, in module order, then definition order."""
        return cls(
            getattr(value, TAG)
            for module in modules
            for value in vars(module).values()
            if _tagged_in(value, module)
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


Row = tuple[str, str, tuple[str, ...]]  # a command's module (in its package), name and aliases


class LazyRegistry(Registry):
    """The commands by name and alias from a table of where each is tagged; a module is
    imported when one of its commands is first needed (its tags are then checked against the
    table), so answering ``savings 1.6`` imports the savings handlers and no other's.

    Everything that needs every command (help's listing, iterating) imports them all, in the
    table's order, which is help's order.
    """

    def __init__(self, package: str, rows: Sequence[Row]):
        self._package = package
        self._rows = tuple(rows)
        self._owner: dict[str, tuple[str, str]] = {}
        for module, name, aliases in self._rows:
            for key in (name, *aliases):
                if key in self._owner:
                    raise ValueError(f"command {key!r} registered twice")
                self._owner[key] = (module, name)
        self.names = frozenset(self._owner)
        self._by_name: dict[str, CommandSpec] = {}
        self._loaded: set[str] = set()
        self._lock = threading.Lock()
        self._corrected: dict[str, str | None] = {}

    def command_of(self, word: str) -> str:
        return self._owner[word][1]

    def get(self, name: str) -> CommandSpec | None:
        spec = self._by_name.get(name)
        if spec is None and name in self._owner:
            self._load(self._owner[name][0])
            spec = self._by_name.get(name)
        return spec

    def __getitem__(self, name: str) -> CommandSpec:
        spec = self.get(name)
        if spec is None:
            raise KeyError(name)
        return spec

    def __contains__(self, name: object) -> bool:
        return name in self._owner

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter([self[name] for _, name, _ in self._rows])

    def __len__(self) -> int:
        return len(self._rows)

    def load_all(self) -> None:
        """Import every command's module now (a long-running bot does, in the background)."""
        for module, _, _ in self._rows:
            self._load(module)

    def _load(self, module: str) -> None:
        with self._lock:
            if module in self._loaded:
                return
            imported = importlib.import_module(f"{self._package}.{module}")
            tagged = [getattr(v, TAG) for v in vars(imported).values() if _tagged_in(v, imported)]
            listed = [(name, aliases) for m, name, aliases in self._rows if m == module]
            if sorted((s.name, s.aliases) for s in tagged) != sorted(listed):
                raise ValueError(f"{imported.__name__} tags other commands than its rows list")
            for spec in tagged:
                for key in (spec.name, *spec.aliases):
                    self._by_name[key] = spec
            self._loaded.add(module)


def _tagged_in(value: object, module: ModuleType) -> bool:
    return (
        callable(value)
        and getattr(value, "__module__", None) == module.__name__
        and hasattr(value, TAG)
    )
