"""The programme files' fingerprint changes with any change to them, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.freshness import DEFAULT_SOURCES_DIR, sources_fingerprint


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, folder)
    return folder


def test_the_same_files_give_the_same_fingerprint_wherever_they_are(sources: Path) -> None:
    assert sources_fingerprint(sources) == sources_fingerprint(DEFAULT_SOURCES_DIR)


def test_one_changed_byte_changes_the_fingerprint(sources: Path) -> None:
    before = sources_fingerprint(sources)
    path = next(iter(sorted(sources.glob("*.toml"))))
    data = bytearray(path.read_bytes())
    at = data.index(b"3")  # a figure's digit, the same size after
    data[at] = ord("4")
    path.write_bytes(bytes(data))
    assert sources_fingerprint(sources) != before


def test_a_renamed_added_or_removed_file_changes_the_fingerprint(sources: Path) -> None:
    before = sources_fingerprint(sources)
    first = sorted(sources.glob("*.toml"))[0]
    renamed = first.rename(sources / f"zz-{first.name}")
    assert sources_fingerprint(sources) != before
    renamed.rename(first)
    assert sources_fingerprint(sources) == before
    (sources / "extra.toml").write_bytes(first.read_bytes())
    assert sources_fingerprint(sources) != before
    (sources / "extra.toml").unlink()
    first.unlink()
    assert sources_fingerprint(sources) != before
