"""The table of commands is what the handler modules tag, and a question loads only its own."""

from __future__ import annotations

import importlib

import pytest

from commands.handlers import COMMANDS, HANDLER_MODULES, default_registry
from commands.registry import LazyRegistry, Registry


def test_the_table_lists_exactly_the_commands_the_modules_tag_in_their_order() -> None:
    modules = [importlib.import_module(f"commands.handlers.{m}") for m in HANDLER_MODULES]
    collected = [
        (s.handler.__module__.rsplit(".", 1)[1], s.name, s.aliases)
        for s in Registry.collect(modules)
    ]
    assert collected == list(COMMANDS)


def test_the_lazy_registry_answers_as_the_collected_one() -> None:
    modules = [importlib.import_module(f"commands.handlers.{m}") for m in HANDLER_MODULES]
    collected, lazy = Registry.collect(modules), default_registry()
    assert lazy.names == collected.names and len(lazy) == len(collected)
    assert [s.name for s in lazy] == [s.name for s in collected]
    for word in collected.names:
        assert lazy[word] == collected[word] and lazy.reads_periods(
            word
        ) == collected.reads_periods(word)
    for typo in ("savngs", "gatway", "chekc", "hlep", "xyzzy"):
        assert lazy.command_word(typo) == collected.command_word(typo)


def test_a_module_is_imported_only_when_one_of_its_commands_is_needed() -> None:
    lazy = default_registry()
    assert "gap" in lazy and lazy.command_word("gpa") == "gap"  # names need no import
    assert lazy._loaded == set()
    assert lazy["saving"].name == "savings"
    assert lazy._loaded == {"savings"}
    lazy.load_all()
    assert lazy._loaded == set(HANDLER_MODULES)


def test_a_module_tagging_other_commands_than_its_rows_is_refused() -> None:
    wrong = LazyRegistry("commands.handlers", [("savings", "savings", ())])  # no "saving"
    with pytest.raises(ValueError, match="other commands than its rows"):
        wrong.get("savings")


def test_a_word_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        LazyRegistry("commands.handlers", [("savings", "savings", ()), ("roi", "savings", ())])
