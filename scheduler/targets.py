"""Where each programme's reminders go (``/cyps remind here``) and its own lead times, if any.

``*`` stands for every programme without a channel of its own. Every change bumps a counter a
running scheduler polls, so a change made in any process re-plans within a poll. The tables
are created by ``state.db``'s one migration list (``knowledge.state.migrations``).
"""

from __future__ import annotations

from datetime import datetime

from knowledge.state.connection import Store
from knowledge.state.versions import REMINDER_TARGETS, bump_version, read_version
from scheduler.planning import Lead, parse_leads
from scheduler.timestamps import utc_text


class ReminderTargets(Store):
    """Each programme's reminder channel (``*`` for all) and optional lead times of its own."""

    def version(self) -> int:
        with self._lock:
            return read_version(self.conn, REMINDER_TARGETS)

    def channels(self) -> dict[str, str]:
        rows = self._read(
            "select programme_id, channel_id from reminder_targets where channel_id != ''"
        )
        return {str(p): str(c) for p, c in rows}

    def leads(self) -> dict[str, tuple[Lead, ...]]:
        rows = self._read("select programme_id, leads from reminder_targets where leads != ''")
        return {str(p): parse_leads(str(text)) for p, text in rows}

    def set_channel(self, programme_id: str, channel_id: str, by: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "insert into reminder_targets values (?, ?, '', ?, ?) on conflict(programme_id)"
                " do update set channel_id = excluded.channel_id, set_by = excluded.set_by,"
                " set_at = excluded.set_at",
                (programme_id, channel_id, by, utc_text(at)),
            )
            bump_version(conn, REMINDER_TARGETS, at)

    def clear_channel(self, programme_id: str, by: str, at: datetime) -> bool:
        with self._write() as conn:
            changed = conn.execute(
                "update reminder_targets set channel_id = '', set_by = ?, set_at = ?"
                " where programme_id = ? and channel_id != ''",
                (by, utc_text(at), programme_id),
            ).rowcount
            bump_version(conn, REMINDER_TARGETS, at)
        return bool(changed)

    def set_leads(self, programme_id: str, leads: tuple[Lead, ...], by: str, at: datetime) -> None:
        text = ",".join(lead.label for lead in leads)
        with self._write() as conn:
            conn.execute(
                "insert into reminder_targets values (?, '', ?, ?, ?) on conflict(programme_id)"
                " do update set leads = excluded.leads, set_by = excluded.set_by,"
                " set_at = excluded.set_at",
                (programme_id, text, by, utc_text(at)),
            )
            bump_version(conn, REMINDER_TARGETS, at)
