"""Whether the knowledge base was built from the programme files as they are now.

Every start asks this, and nearly always the answer is yes, so it reads only the files'
bytes and one row of the database: neither the programme-file models (pydantic) nor the
build are imported unless a build is due.
"""

from __future__ import annotations

import sqlite3
from importlib.util import source_hash
from pathlib import Path

DEFAULT_SOURCES_DIR = Path(__file__).resolve().parent / "sources"


def source_files(directory: Path) -> list[Path]:
    """The programme files in ``directory``, in the order they are built."""
    return sorted(directory.glob("*.toml"))


def sources_fingerprint(directory: Path = DEFAULT_SOURCES_DIR) -> str:
    """A fingerprint of every programme file's name, size and bytes, so the bot can tell
    whether its database is stale.

    It is Python's own check for a changed source file (``importlib.util.source_hash``, the
    64-bit keyed hash that hash-based .pyc files carry, PEP 552): built into the interpreter,
    where SHA-256 would load OpenSSL, about 4 ms of every start. A new Python version keys it
    differently, so the first start on one rebuilds once.
    """
    parts = []
    for path in source_files(directory):
        data = path.read_bytes()
        parts.append(b"%s\0%d\0%s" % (path.name.encode(), len(data), source_hash(data)))
    whole = source_hash(b"\n".join(parts))
    return f"{len(parts)}-{whole.hex()}"


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
