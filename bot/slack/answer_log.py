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
A log no longer in use (tests make many) writes what it noted as it goes, and its thread ends.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
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
        _write_notes(self._notes, self._logger)

    def _start_writer(self) -> None:
        with self._start:
            if self._writer is not None:
                return
            _OPEN.add(self)
            weakref.finalize(self, _write_notes, self._notes, self._logger)  # a dropped log's last
            self._writer = threading.Thread(
                target=_write_while_used,
                args=(weakref.ref(self), self._every),
                name="cyps-answer-log",
                daemon=True,
            )
            self._writer.start()


def _write_notes(notes: deque[Note], logger: logging.Logger) -> None:
    """Each note as an INFO record of ``logger``, stamped with the time of its answer."""
    while notes:
        try:
            at, *facts = notes.popleft()
        except IndexError:  # another flush took the last one
            return
        record = logger.makeRecord(
            logger.name, logging.INFO, __file__, 0, FORMAT, tuple(facts), None
        )
        record.created = at
        record.msecs = (at - int(at)) * 1000
        logger.handle(record)


# Every answer log still in use, for the one atexit hook that writes what they noted last.
_OPEN: weakref.WeakSet[AnswerLog] = weakref.WeakSet()


@atexit.register
def _flush_open_logs() -> None:
    for answers in list(_OPEN):
        answers.flush()


def _write_while_used(ref: weakref.ref[AnswerLog], every: float) -> None:
    """The writer thread: it holds its log only weakly, and ends once nothing else holds it."""
    while True:
        time.sleep(every)
        answers = ref()
        if answers is None:
            return
        try:
            answers.flush()
        except Exception:  # a broken handler must not end the thread: say so, go on
            logging.getLogger(__name__).exception("answer log lines could not be written")
        del answers
