"""The layers import in one direction, and knowledge/ and commands/ never read the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "knowledge": {
        *("commands", "bot", "scheduler", "slack_bolt", "slack_sdk", "apscheduler", "matplotlib")
    },
    "commands": {"bot", "scheduler", "slack_bolt", "slack_sdk", "apscheduler", "matplotlib"},
    "scheduler": {"bot", "slack_bolt", "slack_sdk", "matplotlib"},  # charts are drawn in bot/
}
CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("datetime", "today"),
    ("time", "time"),
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downwards(package: str) -> None:
    offenders = []
    for path in _modules(package):
        bad = _imports(ast.parse(path.read_text())) & FORBIDDEN[package]
        offenders += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(bad)]
    assert offenders == []


@pytest.mark.parametrize("package", ["knowledge", "commands"])
def test_knowledge_and_commands_never_read_the_clock(package: str) -> None:
    offenders = []
    for path in _modules(package):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
            ) and (node.func.value.id, node.func.attr) in CLOCK_CALLS:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
