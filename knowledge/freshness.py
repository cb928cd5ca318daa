"""Whether the knowledge base was built from the programme files as they are now.

Every start asks this, and nearly always the answer is yes, so it reads only the files'
bytes and one row of the database: neither the programme-file models (pydantic) nor the
build are imported unless a build is due.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

DEFAULT_SOURCES_DIR = Path(__file__).resolve().parent / "sources"


def source_files(directory: Path) -> list[Path]:
    """The programme files in ``directory``, in the order they are built."""
    return sorted(directory.glob("*.toml"))


def sources_fingerprint(directory: Path = DEFAULT_SOURCES_DIR) -> str:
    """A hash of every programme file, so the bot can tell whether its database is stale."""
    digest = hashlib.sha256()
    for path in source_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_fingerprint(db_path: Path) -> str | None:
    """The fingerprint the build at ``db_path`` was made from; None if there is no readable one."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "select value from meta where key = 'sources_fingerprint'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # an unreadable file is simply stale
        return None
    return row[0] if row else None


def is_current(db_path: Path, directory: Path = DEFAULT_SOURCES_DIR) -> bool:
    """Whether ``db_path`` holds a build of the programme files in ``directory`` as they are."""
    return stored_fingerprint(db_path) == sources_fingerprint(directory)
