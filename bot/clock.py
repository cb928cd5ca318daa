"""The real clock, read only here in ``bot/``: everything below takes dates and times as
parameters, so tests and demos pass their own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime

from bot.settings import ConfigError
from knowledge.dates import LONDON


def today_in_london(env: Mapping[str, str] | None = None, now: datetime | None = None) -> date:
    """Today in Europe/London, unless ``CYPS_TODAY`` pins a date (for demos)."""
    env = os.environ if env is None else env
    pinned = env.get("CYPS_TODAY", "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise ConfigError(f'CYPS_TODAY="{pinned}" is not a date: use YYYY-MM-DD') from None
    return (now or datetime.now(LONDON)).astimezone(LONDON).date()


def now_in_london() -> datetime:
    """The moment of a write, for the change log (aware, Europe/London)."""
    return datetime.now(LONDON)


def system_clock() -> datetime:
    """The real time for the reminder scheduler (aware, UTC)."""
    return datetime.now(UTC)
