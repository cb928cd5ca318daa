"""What an HTTP request may bring before Bolt reads it: a stated length, and a small body.

Slack's requests to the bot are small: a slash command is a few hundred bytes and a button
click on one of the bot's own messages a few tens of kilobytes. Anything over
``MAX_BODY_BYTES`` is refused with 413 before a byte of it is read, so an unsigned flood of
large bodies costs neither memory nor log space; one short line records each refusal. The same
guard runs under ``cyps bot --http`` (wsgiref) and under gunicorn.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _shown(text: str, limit: int = 60) -> str:
    """Request text for a log line: printable ASCII only, clipped (it comes from anyone)."""
    kept = "".join(ch if " " <= ch <= "~" else "?" for ch in text[:limit])
    return kept + ("…" if len(text) > limit else "")


class BodyLimit:
    """WSGI middleware: 400 for an unreadable length, 413 for a body over the limit, and 411
    for a chunked body the server cannot hand over with an end (wsgiref passes the raw socket,
    so reading one could wait forever; gunicorn decodes chunks and says so with
    ``wsgi.input_terminated``, and then at most ``limit + 1`` bytes are read)."""

    def __init__(self, app: WSGIApp, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        stated = str(environ.get("CONTENT_LENGTH") or "").strip()
        chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
        if stated:
            if not (stated.isascii() and stated.isdigit()):
                return self._refuse(environ, start_response, "400 Bad Request", "unreadable length")
            if int(stated) > self.limit:
                return self._refuse(
                    environ, start_response, "413 Content Too Large", f"{int(stated):,} bytes"
                )
        elif chunked:
            if not environ.get("wsgi.input_terminated"):
                return self._refuse(
                    environ, start_response, "411 Length Required", "chunked body, no length"
                )
            body = environ["wsgi.input"].read(self.limit + 1)
            if len(body) > self.limit:
                return self._refuse(
                    environ, start_response, "413 Content Too Large", "chunked body over the limit"
                )
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _refuse(
        self, environ: dict[str, Any], start_response: StartResponse, status: str, why: str
    ) -> list[bytes]:
        log.warning(
            "refused %s %s: %s (limit %s bytes)",
            _shown(str(environ.get("REQUEST_METHOD", ""))),
            _shown(str(environ.get("PATH_INFO", ""))),
            why,
            f"{self.limit:,}",
        )
        text = status.split(" ", 1)[1].encode()
        start_response(
            status,
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(text))),
            ],
        )
        return [text]
