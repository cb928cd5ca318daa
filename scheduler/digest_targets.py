"""Channels that get the board digest on a schedule (``/cyps digest here [cron]``), one row per
channel and programme (``*`` for every programme). Every change bumps a counter a running
scheduler polls, so a change made in any process takes effect within a poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.state.connection import Store
from knowledge.state.versions import DIGEST_TARGETS, bump_version, read_version
from scheduler.timestamps import utc_text


@dataclass(frozen=True)
class DigestTarget:
    channel_id: str
    programme_id: str
    cron: str  # '' for the default schedule (CYPS_DIGEST_AT)
    set_by: str


class DigestTargets(Store):
    def version(self) -> int:
        with self._lock:
            return read_version(self.conn, DIGEST_TARGETS)

    def all(self) -> list[DigestTarget]:
        rows = self._read(
            "select channel_id, programme_id, cron, set_by from digest_targets order by 1, 2"
        )
        return [DigestTarget(*(str(v) for v in row)) for row in rows]

    def set(self, channel_id: str, programme_id: str, cron: str, by: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "insert into digest_targets values (?, ?, ?, ?, ?)"
                " on conflict(channel_id, programme_id) do update set cron = excluded.cron,"
                " set_by = excluded.set_by, set_at = excluded.set_at",
                (channel_id, programme_id, cron, by, utc_text(at)),
            )
            bump_version(conn, DIGEST_TARGETS, at)

    def clear(self, channel_id: str, programme_id: str | None, at: datetime) -> int:
        """Remove the channel's digest for the programme, or all of the channel's."""
        with self._write() as conn:
            if programme_id is None:
                cursor = conn.execute(
                    "delete from digest_targets where channel_id = ?", (channel_id,)
                )
            else:
                cursor = conn.execute(
                    "delete from digest_targets where channel_id = ? and programme_id = ?",
                    (channel_id, programme_id),
                )
            bump_version(conn, DIGEST_TARGETS, at)
        return int(cursor.rowcount)
