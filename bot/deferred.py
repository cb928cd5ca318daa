"""An object made on first use, so a process pays for a store only if a command touches it.

``cyps ask savings 1.6`` never reads the reminder plan, the digest settings, the tracked
figures' change log or the board's added papers, yet every face is set up by one
``Runtime.start``. Handing the engine a ``deferred`` stand-in for each lets that one set-up
stay while the scheduler's modules are imported only by a process that uses them (as
``importlib.util.LazyLoader`` defers a module, this defers one object).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class _Deferred(Generic[T]):
    """Forwards every attribute to the object ``factory`` makes, made once, under a lock
    (the Slack app answers on several threads)."""

    __slots__ = ("_factory", "_lock", "_made")

    def __init__(self, factory: Callable[[], T]):
        object.__setattr__(self, "_factory", factory)
        object.__setattr__(self, "_made", None)
        object.__setattr__(self, "_lock", threading.Lock())

    def _target(self) -> T:
        made = self._made
        if made is None:
            with self._lock:
                made = self._made
                if made is None:
                    made = self._factory()
                    object.__setattr__(self, "_made", made)
        return cast(T, made)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target(), name, value)

    def __repr__(self) -> str:
        return repr(self._target()) if self._made is not None else "<deferred, not yet made>"


def deferred(factory: Callable[[], T]) -> T:
    """A stand-in for ``factory()`` that makes it on first attribute use; typed as what it
    stands in for, so callers cannot tell it apart (it is never None, and ``isinstance``
    sees the stand-in, so pass it only where the object's attributes are what is used)."""
    return cast(T, _Deferred(factory))


def made(value: object) -> bool:
    """Whether ``value`` is real or a ``deferred`` one already made (for tests and logs)."""
    return not isinstance(value, _Deferred) or value._made is not None
