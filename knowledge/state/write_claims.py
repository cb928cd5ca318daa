"""Requests a write was made for, by the id their sender gives each one (Slack's
``trigger_id``), so a request delivered or replayed twice records its change once."""

from __future__ import annotations

from datetime import datetime

from knowledge.state.connection import Store

# Slack refuses a signed request older than five minutes; a day covers that many times over.
KEEP_SECONDS = 24 * 60 * 60


class WriteClaims(Store):
    """First come, first recorded: ``claim`` says yes once per key, in every process."""

    def claim(self, key: str, at: datetime) -> bool:
        """True the first time ``key`` is claimed, False ever after (while it is kept)."""
        stamp = int(at.timestamp())
        with self._write() as conn:
            conn.execute("delete from write_claims where claimed_at < ?", (stamp - KEEP_SECONDS,))
            inserted = conn.execute(
                "insert or ignore into write_claims (key, claimed_at) values (?, ?)", (key, stamp)
            )
            return inserted.rowcount == 1
