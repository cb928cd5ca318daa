"""The app manifest declares exactly what the code uses, so one paste creates a working app."""

from __future__ import annotations

import re
from pathlib import Path

MANIFEST = (Path(__file__).resolve().parent.parent / "slack" / "manifest.yml").read_text()


def _active(text: str) -> str:
    """The manifest without comment lines (stdlib only: no YAML parser is a dependency)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_manifest_asks_only_for_the_scopes_the_bot_uses() -> None:
    scopes_block = _active(MANIFEST).split("bot:\n", 1)[1].split("settings:", 1)[0]
    assert re.findall(r"^\s+- (\S+)$", scopes_block, re.MULTILINE) == ["commands", "chat:write"]


def test_manifest_declares_the_command_home_tab_events_interactivity_and_socket_mode() -> None:
    active = _active(MANIFEST)
    for line in (
        "command: /cyps",
        "should_escape: true",
        "home_tab_enabled: true",
        "- app_home_opened",
        "is_enabled: true",
        "socket_mode_enabled: true",
    ):
        assert line in active, line
