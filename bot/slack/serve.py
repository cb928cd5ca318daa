"""Running the Slack face: Socket Mode, or Slack's Events API over HTTP on ``/slack/events``."""

from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from typing import Any, TextIO
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.runtime import Runtime
from bot.settings import ConfigError
from bot.slack import button_values
from bot.slack.admins import AdminGroup
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.config import SlackConfig, parse_admins
from bot.slack.request_guard import BodyLimit
from bot.slack.services import Services
from knowledge.state.signing_keys import SigningKeys
from knowledge.state.write_claims import WriteClaims

EVENTS_PATH = "/slack/events"
log = logging.getLogger(__name__)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow request never holds up another's three seconds.

    socketserver keeps a listen backlog of 5: with more connections arriving at once than
    that, Linux resets the rest. The backlog below is gunicorn's default, so a burst of
    questions queues for a few milliseconds instead (``benchmarks/load.py`` measures it).
    """

    daemon_threads = True
    request_queue_size = 2048


class _QuietHandler(WSGIRequestHandler):
    """Access lines at debug level through logging, not on stderr for every request."""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http %s", format % args)


def wsgi_application(app: App) -> BodyLimit:
    """Bolt's WSGI adapter: the same callable serves locally and under gunicorn, wrapped so
    that a body over ``MAX_BODY_BYTES`` is refused before it is read."""
    return BodyLimit(SlackRequestHandler(app, path=EVENTS_PATH))


def make_http_server(app: App, host: str, port: int) -> WSGIServer:
    """A threaded server for ``app`` on ``host:port`` (port 0 picks a free one, for tests)."""
    return make_server(
        host,
        port,
        wsgi_application(app),
        server_class=ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )


def build_app(config: SlackConfig, runtime: Runtime) -> App:
    """The production app: retrying Web API client, checked token, the engine behind it.

    A token Slack rejects is reported as a ConfigError naming the variable, not a traceback.
    """
    client = create_web_client(config.bot_token, config.api_base_url)
    env = runtime.env
    group_id = env.get("CYPS_ADMIN_GROUP", "").strip()
    admin_group = AdminGroup(client, group_id) if group_id else None
    if admin_group is not None:
        admin_group.refresh()
    services = Services(
        engine=runtime.engine,
        today=runtime.today,
        admins=parse_admins(env),
        admin_group=admin_group,
        button_key=SigningKeys(runtime.state).key(button_values.KEY_NAME),
        claims=WriteClaims(runtime.state),
    )
    try:
        return create_app(services, client, signing_secret=config.signing_secret)
    except (BoltError, SlackClientError, OSError) as error:
        # Bolt wraps auth.test's refusal in a BoltError; the SlackApiError is its context.
        refused = error if isinstance(error, SlackApiError) else error.__context__
        if isinstance(refused, SlackApiError):
            reason = refused.response.get("error", "refused")
            raise ConfigError(
                f"Slack did not accept SLACK_BOT_TOKEN ({reason}): check the token and that "
                "the app is installed to the workspace"
            ) from None
        raise ConfigError(
            f"could not reach the Slack API at {client.base_url} ({type(error).__name__}): "
            "check the network, and SLACK_API_BASE_URL if set"
        ) from None


class _WithoutTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that the client's token wins; that is the
    design here (the client carries the same token), so the warning would only alarm."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def configure_logging(stream: TextIO | None = None) -> None:
    """Info for cyps and Bolt; slack_sdk stays at warning so request bodies never reach logs.

    Lines go to stderr unless ``stream`` is given (the latency benchmark logs to a file).
    """
    logging.basicConfig(
        stream=stream, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)
    logging.getLogger("slack_bolt.App").addFilter(_WithoutTokenNotice())


def serve(config: SlackConfig, app: App) -> int:
    """Block serving Slack until interrupted."""
    if config.mode == "http":
        server = make_http_server(app, config.host, config.port)
        log.info(
            "serving Slack's Events API on http://%s:%d%s", config.host, config.port, EVENTS_PATH
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0
    log.info("connecting to Slack over Socket Mode")
    handler = SocketModeHandler(app, app_token=config.app_token)
    try:
        handler.start()
    except KeyboardInterrupt:
        pass
    finally:
        handler.close()
    return 0
