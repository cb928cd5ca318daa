"""Follow rebuilds of the knowledge base while the bot runs.

``cyps kb build`` swaps a new file into place; a thread here notices within a couple of seconds
and has the open knowledge base switch to it, so answers, App Home and reminders use the new
figures without a restart. A failed build leaves the old file, so nothing changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from knowledge.queries import KnowledgeBase

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 2.0


class KnowledgeBaseWatcher:
    """A daemon thread that calls ``kb.reload_if_changed()`` every ``interval`` seconds, and
    ``on_reload`` after each switch (the engine's warm-up).

    ``wait`` is what the thread waits on between checks: given the interval, it returns True
    to stop. By default it is a stop event's ``wait``; tests pass a trigger of their own so a
    check happens when they say, and ``on_check`` tells them what each check found.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        interval: float = CHECK_EVERY_SECONDS,
        wait: Callable[[float], bool] | None = None,
        on_check: Callable[[bool], None] | None = None,
        on_reload: Callable[[], None] | None = None,
    ):
        self.kb = kb
        self._on_reload = on_reload
        self.interval = interval
        self._stop = threading.Event()
        self._wait = wait or self._stop.wait
        self._on_check = on_check
        self._thread = threading.Thread(target=self._run, name="cyps-kb-watch", daemon=True)

    def start(self) -> KnowledgeBaseWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 1)

    def check(self) -> bool:
        """Reload now if the file was rebuilt; never raises (a bad moment is retried later)."""
        try:
            reloaded = self.kb.reload_if_changed()
        except Exception:
            log.exception(
                "could not open the rebuilt knowledge base; still answering from the last"
            )
            return False
        if reloaded:
            log.info(
                "knowledge base rebuilt: now answering from it (reload %d)", self.kb.generation
            )
            if self._on_reload is not None:
                self._on_reload()  # on this thread: warming the new build's caches
        return reloaded

    def _run(self) -> None:
        while not self._wait(self.interval):
            reloaded = self.check()
            if self._on_check is not None:
                self._on_check(reloaded)
