"""How ``cyps bot`` runs, decided from the environment alone and checked before anything starts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.settings import ConfigError

Mode = Literal["shell", "socket", "http"]
DEFAULT_PORT = 3000

_BOT_TOKEN_HELP = "the Bot User OAuth Token from OAuth & Permissions, starting xoxb-"
_APP_TOKEN_HELP = (
    "an app-level token with connections:write from Basic Information > App-Level Tokens, "
    "starting xapp-"
)


@dataclass(frozen=True)
class SlackConfig:
    """The chosen mode and what it needs; secrets are kept out of ``repr`` so they never log."""

    mode: Mode
    reason: str = ""
    bot_token: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    api_base_url: str | None = None
    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT


def parse_admins(env: Mapping[str, str]) -> frozenset[str]:
    """``CYPS_ADMINS``: the Slack user ids who may record changes, split on commas or spaces."""
    return frozenset(part for part in re.split(r"[,\s]+", env.get("CYPS_ADMINS", "")) if part)


def _port(given: int | None, env: Mapping[str, str], problems: list[str]) -> int:
    if given is not None:
        return given
    text = env.get("PORT", "").strip()
    if not text:
        return DEFAULT_PORT
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        problems.append(f'PORT="{text}" is not a port number: use 1-65535, e.g. 3000')
        return DEFAULT_PORT
    return int(text)


def _base_url(env: Mapping[str, str], problems: list[str]) -> str | None:
    url = env.get("SLACK_API_BASE_URL", "").strip()
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        problems.append(
            "SLACK_API_BASE_URL must be an http(s) URL ending in /api/, "
            "e.g. http://127.0.0.1:8888/api/"
        )
        return None
    return url if url.endswith("/") else url + "/"


def slack_config(
    env: Mapping[str, str],
    *,
    shell: bool = False,
    http: bool = False,
    host: str | None = None,
    port: int | None = None,
) -> SlackConfig:
    """Shell without a bot token (or with ``--shell``); else HTTP with ``--http``; else Socket Mode.

    Every problem is reported at once, each naming the variable and where to find its value,
    so a misconfigured start fails before connecting anywhere. Token values are never echoed.
    """
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    if shell:
        return SlackConfig(mode="shell", reason="--shell was given")
    if not bot_token and not http:
        return SlackConfig(mode="shell", reason="SLACK_BOT_TOKEN is not set")

    problems: list[str] = []
    if not bot_token:
        problems.append(f"SLACK_BOT_TOKEN is not set: use {_BOT_TOKEN_HELP}")
    elif not bot_token.startswith("xoxb-"):
        problems.append(
            f"SLACK_BOT_TOKEN does not start with xoxb-: use {_BOT_TOKEN_HELP} "
            "(not a user xoxp- or app-level xapp- token)"
        )
    app_token = env.get("SLACK_APP_TOKEN", "").strip()
    signing_secret = env.get("SLACK_SIGNING_SECRET", "").strip()
    if http:
        if not signing_secret:
            problems.append(
                "HTTP mode needs SLACK_SIGNING_SECRET to check that requests come from Slack: "
                "copy the Signing Secret from Basic Information > App Credentials"
            )
    elif not app_token:
        problems.append(
            f"Socket Mode needs SLACK_APP_TOKEN, {_APP_TOKEN_HELP}; "
            "or serve HTTP with `cyps bot --http` and SLACK_SIGNING_SECRET"
        )
    elif not app_token.startswith("xapp-"):
        problems.append(f"SLACK_APP_TOKEN does not start with xapp-: use {_APP_TOKEN_HELP}")
    chosen_port = _port(port, env, problems)
    base_url = _base_url(env, problems)
    if problems:
        raise ConfigError("cannot connect to Slack:\n  - " + "\n  - ".join(problems))
    return SlackConfig(
        mode="http" if http else "socket",
        reason="--http was given" if http else "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set",
        bot_token=bot_token,
        app_token=app_token,
        signing_secret=signing_secret,
        api_base_url=base_url,
        host=host or "0.0.0.0",
        port=chosen_port,
    )
