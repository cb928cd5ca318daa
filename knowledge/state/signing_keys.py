"""Secret keys the bot signs its own values with (what a button carries), kept in
``state.db`` so every process on the file, and the bot after a restart, uses the same one."""

from __future__ import annotations

import secrets

from knowledge.state.connection import Store

KEY_BYTES = 32


class SigningKeys(Store):
    def key(self, name: str) -> bytes:
        """The key called ``name``, made at random the first time any process asks for it."""
        rows = self._read("select key from signing_keys where name = ?", (name,))
        if not rows:
            with self._write() as conn:  # two processes may race here: the first one wins
                conn.execute(
                    "insert or ignore into signing_keys (name, key) values (?, ?)",
                    (name, secrets.token_hex(KEY_BYTES)),
                )
            rows = self._read("select key from signing_keys where name = ?", (name,))
        return bytes.fromhex(str(rows[0][0]))
