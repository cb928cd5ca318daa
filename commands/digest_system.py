"""What the ``digest`` command may ask of the scheduled digests, as a Protocol (``commands/``
may not import ``scheduler/``); ``bot/`` hands the engine ``scheduler.digests``' one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

EVERY_PROGRAMME = "*"  # a digest of every programme


@dataclass(frozen=True)
class DigestSetting:
    """One scheduled digest: where, for which programme (``*`` for all), when (a five-field
    cron in the board's time zone), who set it (or the variable), and when it next goes."""

    channel_id: str
    programme_id: str
    cron: str
    origin: str
    next_at: datetime | None


class DigestSystem(Protocol):
    def settings(self) -> list[DigestSetting]: ...

    def last_digest(self, channel_id: str, programme_ids: Sequence[str]) -> datetime | None:
        """When the last digest for these programmes was posted in the channel, if ever."""
        ...

    def set_here(
        self, channel_id: str, programme_id: str, cron: str | None, user_id: str, at: datetime
    ) -> DigestSetting:
        """Post the digest in the channel on ``cron`` (None: the default schedule); a bad
        cron raises ``BadInput`` saying how to write one."""
        ...

    def turn_off(
        self, channel_id: str, programme_id: str | None, user_id: str, at: datetime
    ) -> int:
        """Stop the channel's digest for the programme (None: all of them); how many stopped."""
        ...
