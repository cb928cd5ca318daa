"""Reminder settings read from an environment mapping, checked once, with messages that say how
to fix a bad value. The caller passes the mapping, so tests never touch ``os.environ``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.dates import LONDON
from knowledge.model import MILESTONE_KINDS
from scheduler.policy import (
    DEFAULT_KINDS,
    BadLeads,
    ReminderPolicy,
    parse_duration,
    parse_leads,
)

DEFAULT_DIGEST_AT = "0 9 * * mon"
DEFAULT_GRACE = timedelta(hours=12)
DEFAULT_POLL = timedelta(seconds=30)
DEFAULT_BACKOFF = timedelta(seconds=1)


class ReminderConfigError(ValueError):
    """A reminder setting that cannot be read; the message names the variable."""


@dataclass(frozen=True)
class ReminderConfig:
    """Everything the scheduler needs besides the data: policy, grace, polling and Slack."""

    policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    grace: timedelta = DEFAULT_GRACE
    poll: timedelta = DEFAULT_POLL
    backoff: timedelta = DEFAULT_BACKOFF
    attempts: int = 5
    token: str | None = None
    api_base_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ReminderConfig:
        def get(name: str) -> str:
            return env.get(name, "").strip()

        try:
            leads = parse_leads(get("CYPS_REMINDER_LEADS")) if get("CYPS_REMINDER_LEADS") else None
            grace = _duration(get("CYPS_REMINDER_GRACE"), DEFAULT_GRACE, allow_zero=True)
            poll = _duration(get("CYPS_REMINDER_POLL"), DEFAULT_POLL)
            backoff = _duration(get("CYPS_REMINDER_BACKOFF"), DEFAULT_BACKOFF, allow_zero=True)
        except BadLeads as error:
            raise ReminderConfigError(f"CYPS_REMINDER_* setting: {error}") from None
        try:
            tz = ZoneInfo(get("CYPS_TZ") or "Europe/London")
        except (ZoneInfoNotFoundError, ValueError):
            raise ReminderConfigError(
                f'CYPS_TZ="{get("CYPS_TZ")}" is not a time zone: use a name like Europe/London'
            ) from None
        policy = ReminderPolicy(
            leads=leads or ReminderPolicy().leads,
            post_at=_clock_time(get("CYPS_REMINDER_TIME")),
            tz=tz,
            kinds=_kinds(get("CYPS_REMINDER_KINDS")),
            default_channel=get("CYPS_REMINDER_CHANNEL") or None,
        )
        return cls(
            policy=policy,
            grace=grace,
            poll=poll,
            backoff=backoff,
            token=get("SLACK_BOT_TOKEN") or None,
            api_base_url=get("SLACK_API_BASE_URL") or None,
        )


@dataclass(frozen=True)
class DigestConfig:
    """The scheduled board digest: the channel for every programme's digest (none: only the
    channels set with ``/cyps digest here``) and the default schedule, a five-field cron in
    the board's time zone (``CYPS_TZ``)."""

    channel: str | None = None
    cron: str = DEFAULT_DIGEST_AT
    tz: ZoneInfo = LONDON

    @classmethod
    def from_env(cls, env: Mapping[str, str], tz: ZoneInfo) -> DigestConfig:
        cron = " ".join(env.get("CYPS_DIGEST_AT", "").split()) or DEFAULT_DIGEST_AT
        # The default needs no reading (a test proves APScheduler reads it); a start that
        # keeps it never imports APScheduler, which a one-off `cyps ask` does not use.
        problem = cron_problem(cron, tz) if cron != DEFAULT_DIGEST_AT else None
        if problem:
            raise ReminderConfigError(f'CYPS_DIGEST_AT="{cron}" {problem}')
        return cls(channel=env.get("CYPS_DIGEST_CHANNEL", "").strip() or None, cron=cron, tz=tz)


def cron_problem(cron: str, tz: ZoneInfo) -> str | None:
    """Why ``cron`` is not a five-field cron expression APScheduler can run, or None."""
    if len(cron.split()) != 5:
        return (
            "is not a cron expression: give five fields (minute hour day month weekday), "
            'e.g. "0 9 * * mon" for Mondays at 09:00'
        )
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(cron, timezone=tz)
    except ValueError as error:
        return f'is not a cron expression APScheduler can read ({error}); e.g. "0 9 * * mon"'
    return None


def _duration(text: str, default: timedelta, allow_zero: bool = False) -> timedelta:
    if not text:
        return default
    if allow_zero and text.strip() in {"0", "0s", "0m", "0h", "0d"}:
        return timedelta(0)
    return parse_duration(text)


def _clock_time(text: str) -> time:
    if not text:
        return time(9, 0)
    match = re.match(r"^([0-9]{1,2}):([0-9]{2})$", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ReminderConfigError(
            f'CYPS_REMINDER_TIME="{text}" is not a time: use HH:MM, e.g. 09:00'
        )
    return time(int(match[1]), int(match[2]))


def _kinds(text: str) -> frozenset[str]:
    if not text:
        return DEFAULT_KINDS
    kinds = frozenset(k.lower() for k in re.split(r"[,\s]+", text) if k)
    unknown = sorted(kinds - set(MILESTONE_KINDS))
    if unknown or not kinds:
        raise ReminderConfigError(
            f'CYPS_REMINDER_KINDS: "{", ".join(unknown) or text}" is not a milestone kind; '
            f"use any of {', '.join(MILESTONE_KINDS)}"
        )
    return kinds
