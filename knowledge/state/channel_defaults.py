"""Each channel's default programme (``/cyps use``), so questions there need not name it."""

from __future__ import annotations

from knowledge.state.connection import Store


class ChannelDefaults(Store):
    """Every answer asks for its channel's default, so the answer is cached until state.db
    changes (see ``knowledge.state.connection``)."""

    def default_programme(self, channel_id: str) -> str | None:
        return self._cached_read(("default", channel_id), lambda: self._read_default(channel_id))

    def _read_default(self, channel_id: str) -> str | None:
        rows = self._read(
            "select programme_id from channel_defaults where channel_id = ?", (channel_id,)
        )
        return str(rows[0][0]) if rows else None

    def clear_default_programme(self, channel_id: str, user_id: str) -> None:
        """Questions in the channel cover every programme again (``use none``)."""
        with self._write():
            self.db.table("channel_defaults").delete_where("channel_id = ?", [channel_id])

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None:
        with self._write():
            self.db.table("channel_defaults").upsert(
                {"channel_id": channel_id, "programme_id": programme_id, "set_by": user_id},
                pk="channel_id",
            )
