"""Answers to recent questions, kept while nothing they were worked out from has changed.

A board asks the same few questions again and again (and a share or "more" button asks one
again), so the engine keeps the latest ``SIZE`` answers to questions that only read. Each is
filed under everything an answer depends on: the question as typed, its whole ``Context``
(who, where, which day, as whom), the knowledge base's generation (a ``cyps kb build``) and
``state.db``'s version as its watch reports it (any write in this process at once, another
process's within the watch's ``max_age``, as every store's own cache sees it). Commands never
read the clock, so nothing else can change an answer; a rebuild clears them all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from commands.answer import Answer
from commands.call import Context

# Answers that are not kept: an unexpected error (each gets its own reference id, and is
# logged every time) and a busy lock (worth trying again).
NOT_KEPT = frozenset({"error", "busy"})


class RecentAnswers:
    """The latest answers by what they were worked out from; bounded, shared by threads."""

    SIZE = 512

    def __init__(self, state_version: Callable[[], Hashable], size: int = SIZE):
        self._state_version = state_version
        self._size = size
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, text: str, context: Context, generation: int) -> Hashable:
        """What an answer to ``text`` depends on, as it stands now."""
        return (text, context, generation, self._state_version())

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        if answer.status in NOT_KEPT:
            return
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        return len(self._answers)
