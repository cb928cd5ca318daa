"""Bookkeeping that can wait until Slack has its answer.

With ``process_before_response`` Bolt sends the HTTP reply only when the listener returns, so
anything a listener does after ``ack()`` (writing a log line, say) delays the answer. A listener
hands such work to ``after_response``; the WSGI wrapper runs it once the reply has been written,
from the ``close()`` that PEP 3333 has every server call on the response body. Where there is no
HTTP reply to wait for (Socket Mode, a late answer on another thread) the work runs at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

log = logging.getLogger(__name__)

Work = Callable[[], None]
_pending: ContextVar[list[Work] | None] = ContextVar("cyps_after_response", default=None)


def after_response(work: Work) -> None:
    """Run ``work`` after the current HTTP reply is sent, or now if there is none."""
    pending = _pending.get()
    if pending is None:
        work()
    else:
        pending.append(work)


def _run(pending: list[Work]) -> None:
    for work in pending:
        try:
            work()
        except Exception:
            log.exception("work after a response failed")


class _BodyThenWork:
    """The response body; its ``close()`` runs the deferred work, after the bytes are out."""

    def __init__(self, body: Iterable[bytes], pending: list[Work]):
        self._body = body
        self._pending = pending

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            _run(self._pending)


class RunAfterResponse:
    """WSGI middleware: collect ``after_response`` work while the app answers, run it on close."""

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        pending: list[Work] = []
        token = _pending.set(pending)
        try:
            body = self.app(environ, start_response)
        except BaseException:
            _pending.reset(token)
            _run(pending)
            raise
        _pending.reset(token)
        return _BodyThenWork(body, pending)
