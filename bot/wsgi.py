"""Production HTTP: the Slack app as a WSGI application, for gunicorn or any WSGI server.

    gunicorn --workers 1 --threads 8 --bind 0.0.0.0:3000 'bot.wsgi:create_application()'

One worker process with threads: the bot's answer pool and the channel defaults live in one
process; gunicorn's factory call syntax builds the app only when the server starts, in the
worker, which also runs the reminder scheduler as ``cyps bot`` does (``CYPS_REMINDERS=off``
turns it off; with several workers each runs one and the delivery ledger still posts each
reminder once).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Mapping
from typing import Any

from bot.runtime import Runtime, read_environment
from bot.slack.config import slack_config
from bot.slack.serve import build_app, configure_logging, wsgi_application
from scheduler.scheduling import ReminderScheduler


def create_application(environ: Mapping[str, str] | None = None) -> Application:
    """Check the settings for HTTP mode, open the knowledge base and return the WSGI callable."""
    env = read_environment(environ)
    config = slack_config(env, http=True)
    configure_logging()
    runtime = Runtime.start(env)
    app = build_app(config, runtime)
    reminders = runtime.start_reminders()
    if reminders is not None:
        atexit.register(reminders.shutdown)
    atexit.register(runtime.follow_rebuilds().stop)  # `cyps kb build`
    return Application(wsgi_application(app), reminders)


class Application:
    """The WSGI callable, and the reminder scheduler running beside it (None when off)."""

    def __init__(self, serve: Callable[..., Any], reminders: ReminderScheduler | None):
        self._serve = serve
        self.reminders = reminders

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return self._serve(environ, start_response)
