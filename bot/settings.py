"""Settings from the environment (and an optional .env file), checked once at start."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.source_files import DEFAULT_SOURCES_DIR


class ConfigError(Exception):
    """A setting is missing or unreadable; the message names it and says how to fix it."""


def default_home(env: Mapping[str, str]) -> Path:
    """``CYPS_HOME``, else ``$XDG_DATA_HOME/cyps``, else ``~/.local/share/cyps``."""
    if env.get("CYPS_HOME"):
        return Path(env["CYPS_HOME"]).expanduser()
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "cyps"


@dataclass(frozen=True)
class Paths:
    home: Path
    db: Path
    sources: Path = DEFAULT_SOURCES_DIR

    @property
    def state(self) -> Path:
        """The bot's own data (defaults, tracking, reminders ledger), apart from the papers."""
        return self.home / "state.db"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Paths:
        env = os.environ if env is None else env
        home = default_home(env)
        db = Path(env["CYPS_DB"]).expanduser() if env.get("CYPS_DB") else home / "knowledge.db"
        sources = (
            Path(env["CYPS_SOURCES"]).expanduser()
            if env.get("CYPS_SOURCES")
            else DEFAULT_SOURCES_DIR
        )
        return cls(home=home, db=db, sources=sources)


def whole_number(text: str) -> int:
    """A command-line count or port: ASCII digits only (``int`` would take ``٣`` too)."""
    if not (text.isascii() and text.strip().isdigit()):
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number: use the digits 0-9')
    return int(text)


class EnvFileError(ValueError):
    """A ``.env`` line that is not ``KEY=value``; the message names the file and line number."""


def read_env_file(text: str) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file; ``#`` comments, ``export`` and quotes allowed.

    A tiny reader rather than a dependency: we need only these forms, and a bad line names its
    number (never its value, which may be a token).
    """
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key.isidentifier():
            raise EnvFileError(f"line {number} is not KEY=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def load_environment(environ: Mapping[str, str], env_file: Path) -> dict[str, str]:
    """The process environment, with a ``.env`` file filling in only what it leaves unset."""
    if not env_file.is_file():
        return dict(environ)
    try:
        from_file = read_env_file(env_file.read_text(encoding="utf-8"))
    except EnvFileError as error:
        raise EnvFileError(f"{env_file}: {error}") from None
    return {**from_file, **environ}
