"""The small interface delivery posts through, and an in-memory poster for tests and benchmarks.

Delivery never sees Slack: it calls ``post`` and ``find`` and reads ``PostError`` to decide
whether to retry, so the same retry and recovery code runs against the fake and the real API.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class PostError(Exception):
    """A failed post. ``retryable`` for 429, 5xx and timeouts; ``uncertain`` when the message
    may have been posted anyway (a timeout), so history must be checked before posting again."""

    def __init__(
        self,
        message: str,
        retryable: bool,
        uncertain: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.uncertain = uncertain
        self.retry_after = retry_after


class Poster(Protocol):
    def post(self, channel: str, text: str, blocks: list[dict[str, Any]], key: str) -> str:
        """Post the message with ``key`` embedded; return its ``ts``."""
        ...

    def find(self, channel: str, key: str, since: datetime) -> bool:
        """Whether a message carrying ``key`` was posted in ``channel`` at or after ``since``."""
        ...


@dataclass
class PostedMessage:
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    key: str
    ts: str


@dataclass
class MemoryPoster:
    """Keeps posts in a list. ``failures`` is a queue of errors to raise before succeeding;
    ``after_post`` runs once a message is stored, to simulate a crash right after posting."""

    messages: list[PostedMessage] = field(default_factory=list)
    failures: list[PostError] = field(default_factory=list)
    after_post: Callable[[PostedMessage], None] | None = None
    calls: int = 0
    finds: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def post(self, channel: str, text: str, blocks: list[dict[str, Any]], key: str) -> str:
        with self._lock:
            self.calls += 1
            if self.failures:
                raise self.failures.pop(0)
            message = PostedMessage(channel, text, blocks, key, f"1000.{next(self._ts):06d}")
            self.messages.append(message)
        if self.after_post is not None:
            self.after_post(message)
        return message.ts

    def find(self, channel: str, key: str, since: datetime) -> bool:
        with self._lock:
            self.finds += 1
            return any(m.channel == channel and m.key == key for m in self.messages)

    def keys(self) -> list[str]:
        return [m.key for m in self.messages]
