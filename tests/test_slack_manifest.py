"""The app manifest declares exactly what the code uses, so one paste creates a working app."""

from __future__ import annotations

import re
from pathlib import Path

MANIFEST = (Path(__file__).resolve().parent.parent / "slack" / "manifest.yml").read_text()


def _active(text: str) -> str:
    """The manifest without comment lines (stdlib only: no YAML parser is a dependency)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


ROOT = Path(__file__).resolve().parent.parent
# The bot scopes each Web API method the code calls needs (views.publish needs none).
SCOPES_FOR = {
    "chat_postMessage": {"chat:write"},
    "conversations_history": {"channels:history", "groups:history"},
    "views_publish": set(),
    "usergroups_users_list": {"usergroups:read"},
    "files_upload_v2": {"files:write"},
}


def _methods_called() -> set[str]:
    called = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "scheduler").rglob("*.py")]:
        called |= set(re.findall(r"\.([a-z]+(?:_[A-Za-z0-9]+)+)\(", path.read_text())) & (
            set(SCOPES_FOR) | {"api_call", "users_info", "usergroups_users_list"}
        )
    return called


def test_manifest_asks_only_for_the_scopes_the_bot_uses() -> None:
    scopes_block = _active(MANIFEST).split("bot:\n", 1)[1].split("settings:", 1)[0]
    declared = set(re.findall(r"^\s+- (\S+)$", scopes_block, re.MULTILINE))
    called = _methods_called()
    assert called <= set(SCOPES_FOR), f"add the scopes for {called - set(SCOPES_FOR)}"
    needed = {"commands"}.union(*(SCOPES_FOR[m] for m in called))
    assert declared == needed


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
