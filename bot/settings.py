"""Settings from the environment (and an optional .env file), checked once at start."""

from __future__ import annotations

import argparse
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.freshness import DEFAULT_SOURCES_DIR


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
    """Where the bot keeps its files: its home, the knowledge base and the programme files."""

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
    """A ``.env`` file's values, read as python-dotenv reads them (quotes, ``export``, escapes
    and ``#`` comments, also after a quoted value), without ``${VAR}`` expansion, so a ``$``
    in a secret stays as written.

    python-dotenv skips a line it cannot read, with a warning; here such a line stops the
    start instead, named by its number and never by its content, which may be a token. So
    does a name without a value: a token pasted alone on a line reads as a bare name.
    """
    from dotenv import dotenv_values  # only where there is a .env file to read
    from dotenv.parser import parse_stream

    for binding in parse_stream(io.StringIO(text)):
        bad_name = binding.key is not None and (
            binding.value is None or not binding.key.isidentifier()
        )
        if binding.error or bad_name:
            raw = binding.original.string
            line = binding.original.line + raw[: len(raw) - len(raw.lstrip())].count("\n")
            raise EnvFileError(f"line {line} is not KEY=value")
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    return {key: value for key, value in values.items() if value is not None}


def load_environment(environ: Mapping[str, str], env_file: Path) -> dict[str, str]:
    """The process environment, with a ``.env`` file filling in only what it leaves unset."""
    if not env_file.is_file():
        return dict(environ)
    try:
        from_file = read_env_file(env_file.read_text(encoding="utf-8"))
    except EnvFileError as error:
        raise EnvFileError(f"{env_file}: {error}") from None
    return {**from_file, **environ}
