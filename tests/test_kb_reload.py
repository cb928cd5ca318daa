"""The running bot follows `cyps kb build`: a rebuilt knowledge base is answered from without a
restart, and a failed build changes nothing."""

from __future__ import annotations

import logging
import os
import queue
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.kb_watch import KnowledgeBaseWatcher
from bot.render_text import cells_line
from commands.call import Context
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.build import build_knowledge_base
from knowledge.queries import KnowledgeBase
from knowledge.source_files import DEFAULT_SOURCES_DIR, SourceError

ROW_1_6 = 'values = [150, 148, 310, "-", "-", 608]'
CONTEXT = Context(today=date(2017, 6, 30))


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, target)
    return target


@pytest.fixture
def kb_file(tmp_path: Path, sources: Path) -> Path:
    return build_knowledge_base(tmp_path / "knowledge.db", sources)


def edit(sources: Path, name: str, old: str, new: str) -> None:
    path = sources / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def savings_line(engine: Engine) -> str:
    """The year figures of ``savings 1.6`` as the shell shows them."""
    return cells_line(engine.answer("savings 1.6", CONTEXT).cells)


def test_a_rebuilt_knowledge_base_is_answered_from_without_a_restart(
    kb_file: Path, sources: Path
) -> None:
    kb = KnowledgeBase.open(kb_file)
    engine = Engine(kb, default_registry())
    assert savings_line(engine).startswith("2017-18 +£150k")
    edit(sources, "haringey-mtfs-2017.toml", ROW_1_6, ROW_1_6.replace("150", "175"))
    build_knowledge_base(kb_file, sources)
    assert savings_line(engine).startswith("2017-18 +£150k")  # not until it reloads
    assert kb.reload_if_changed() and kb.generation == 1
    answer = engine.answer("savings 1.6", CONTEXT)
    assert cells_line(answer.cells).startswith("2017-18 +£175k")
    assert "£608k a year" in answer.lead and "its years add up to £633k" in answer.lead  # audit
    assert answer.warnings
    assert not kb.reload_if_changed()


def test_programmes_dropped_from_a_rebuild_drop_out_of_scope(kb_file: Path, sources: Path) -> None:
    kb = KnowledgeBase.open(kb_file)
    engine = Engine(kb, default_registry())
    assert "kent-0-25" in {p.id for p in engine.programmes}
    assert engine.answer("phase -p kent-0-25", CONTEXT).ok
    (sources / "kent-0-25.toml").unlink()
    build_knowledge_base(kb_file, sources)
    kb.reload_if_changed()
    assert "kent-0-25" not in {p.id for p in engine.programmes}
    listed = engine.answer("programmes", CONTEXT)
    assert listed.ok and "kent-0-25" not in str(listed) and "haringey-54000" in str(listed)
    named = engine.answer("phase -p kent-0-25", CONTEXT)
    assert named.status == "not_found" and "Known programmes" in named.title


def test_a_failed_build_leaves_the_running_bot_as_it_was(kb_file: Path, sources: Path) -> None:
    kb = KnowledgeBase.open(kb_file)
    edit(sources, "haringey-mtfs-2017.toml", ROW_1_6, "values = [")
    with pytest.raises(SourceError):
        build_knowledge_base(kb_file, sources)
    assert not kb.reload_if_changed() and kb.generation == 0
    assert savings_line(Engine(kb, default_registry())).startswith("2017-18 +£150k")


class Ticks:
    """A trigger for the watcher's thread: each ``tick`` is one check, ``stop`` ends it."""

    def __init__(self) -> None:
        self._queue: queue.Queue[bool] = queue.Queue()

    def tick(self) -> None:
        self._queue.put(False)

    def stop(self) -> None:
        self._queue.put(True)

    def __call__(self, interval: float) -> bool:
        return self._queue.get(timeout=10)


def test_the_watcher_thread_notices_a_rebuild_by_itself(kb_file: Path, sources: Path) -> None:
    kb = KnowledgeBase.open(kb_file)
    ticks, checked = Ticks(), queue.Queue[bool]()
    watcher = KnowledgeBaseWatcher(kb, wait=ticks, on_check=checked.put).start()
    try:
        ticks.tick()
        assert checked.get(timeout=5) is False  # nothing rebuilt yet
        build_knowledge_base(kb_file, sources)
        ticks.tick()
        assert checked.get(timeout=5) is True
    finally:
        ticks.stop()
        watcher.stop()
    assert kb.generation == 1


def test_each_switch_to_a_rebuild_warms_the_new_builds_caches(kb_file: Path, sources: Path) -> None:
    """The watcher hands each switch to the engine's warm-up, so the first question on the
    new build finds the understander and the names already worked out for it."""
    kb = KnowledgeBase.open(kb_file)
    engine = Engine(kb, default_registry())
    engine.warm()
    assert engine.catalogue.generation == 0 and engine.catalogue._understander is not None
    ticks, checked = Ticks(), queue.Queue[bool]()
    watcher = KnowledgeBaseWatcher(kb, wait=ticks, on_check=checked.put, on_reload=engine.warm)
    watcher.start()
    try:
        build_knowledge_base(kb_file, sources)
        ticks.tick()
        assert checked.get(timeout=5) is True  # on_check comes after the warm-up
        warmed = engine._catalogue  # as the warm-up left it, before any question
        assert warmed.generation == kb.generation == 1 and warmed._understander is not None
    finally:
        ticks.stop()
        watcher.stop()


def test_a_file_that_is_not_a_knowledge_base_is_not_switched_to(
    kb_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kb = KnowledgeBase.open(kb_file)
    engine = Engine(kb, default_registry())
    assert savings_line(engine).startswith("2017-18 +£150k")
    good_copy, broken = tmp_path / "good.db", tmp_path / "broken.db"
    shutil.copy(kb_file, good_copy)
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    os.replace(broken, kb_file)  # swapped in by hand, not by `cyps kb build`
    with caplog.at_level(logging.WARNING, logger="knowledge.queries"):
        assert not kb.reload_if_changed() and not kb.reload_if_changed()
    assert kb.generation == 0
    assert len([r for r in caplog.records if "does not read" in r.getMessage()]) == 1  # once
    assert savings_line(engine).startswith("2017-18 +£150k")  # still the build it had open
    os.replace(good_copy, kb_file)
    assert kb.reload_if_changed() and kb.generation == 1
