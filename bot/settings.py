"""Settings from the environment (and an optional .env file), checked once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Paths:
        env = os.environ if env is None else env
        home = default_home(env)
        db = Path(env["CYPS_DB"]).expanduser() if env.get("CYPS_DB") else home / "knowledge.db"
        return cls(home=home, db=db)
