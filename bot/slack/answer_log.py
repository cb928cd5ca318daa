"""The line the bot logs for every answer, written off the answering thread in batches.

A log line through ``logging`` costs tens of microseconds on the thread that answers (a
record, its formatting, the handler's lock, a flush), and with many questions at once those
threads contend for the handler's lock and the GIL around its write: under a burst the line
cost about as much as the rest of the answer. So an answer only notes its facts (an append to
a deque, which needs no lock), and one thread turns the notes into ordinary log records every
``EVERY`` seconds, each stamped with the time of its answer, through the same loggers,
handlers and levels as any other line. Lines therefore reach the log at most ``EVERY`` late;
what is noted when the process exits is written by ``atexit``, and a ``kill -9`` loses at
most the last ``EVERY`` of these lines (never a warning or an error: those are logged at once).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

EVERY = 0.25  # seconds between writes of the noted lines
FORMAT = "/cyps %s for %s in %s: %s, %s in %.0f ms"

Note = tuple[float, str, str, str, str, str, float]


class AnswerLog:
    """Notes of answers, written as INFO lines of ``logger`` by a thread of its own."""

    def __init__(
        self,
        logger: logging.Logger,
        every: float = EVERY,
        clock: Callable[[], float] = time.time,
    ):
        self._logger = logger
        self._every = every
        self._clock = clock
        self._notes: deque[Note] = deque()
        self._writer: threading.Thread | None = None
        self._start = threading.Lock()

    def note(
        self, command: str, user: str, channel: str, status: str, how: str, elapsed_ms: float
    ) -> None:
        """Record that an answer went out; its line is written within ``every`` seconds."""
        if not self._logger.isEnabledFor(logging.INFO):
            return
        self._notes.append((self._clock(), command, user, channel, status, how, elapsed_ms))
        if self._writer is None:
            self._start_writer()

    def flush(self) -> None:
        """Write every line noted so far, now (the writer thread, ``atexit`` and tests)."""
        notes = self._notes
        while notes:
            try:
                at, *facts = notes.popleft()
            except IndexError:  # another flush took the last one
                return
            record = self._logger.makeRecord(
                self._logger.name, logging.INFO, __file__, 0, FORMAT, tuple(facts), None
            )
            record.created = at
            record.msecs = (at - int(at)) * 1000
            self._logger.handle(record)

    def _start_writer(self) -> None:
        with self._start:
            if self._writer is not None:
                return
            self._writer = threading.Thread(target=self._write, name="cyps-answer-log", daemon=True)
            self._writer.start()
            atexit.register(self.flush)

    def _write(self) -> None:
        while True:
            time.sleep(self._every)
            try:
                self.flush()
            except Exception:  # a broken handler must not end the thread: say so, go on
                logging.getLogger(__name__).exception("answer log lines could not be written")
