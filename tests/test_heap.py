"""Settling the heap keeps long-lived objects from the collector, and frees what a later
settle finds has become garbage."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.heap import settle


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # leave the test process as it was


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_what_is_alive_when_settled_is_set_aside_from_collection() -> None:
    kept = Node()
    tracked = len(gc.get_objects())  # what a full collection would walk
    frozen = settle()
    assert frozen == gc.get_freeze_count() and frozen > tracked // 2
    assert len(gc.get_objects()) < tracked // 10  # the collector no longer walks them
    assert kept.me is kept  # set aside, not lost


def test_a_cycle_frozen_then_dropped_is_freed_by_the_next_settle() -> None:
    node = Node()
    gone = weakref.ref(node)
    settle()
    del node
    gc.collect()
    assert gone() is not None  # frozen: the collector does not look at it
    settle()
    assert gone() is None  # given back to the collector first, and freed
