"""Moments as the reminder tables store them: UTC ISO text, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def moment_or_none(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
