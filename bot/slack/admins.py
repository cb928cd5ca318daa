"""Who may record changes from Slack: ``CYPS_ADMINS`` user ids, plus optionally the members of
one Slack user group (``CYPS_ADMIN_GROUP``), so a board can manage its admins in Slack."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
REFRESH_SECONDS = 600.0


def _in_background(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="cyps-admin-group", daemon=True).start()


class AdminGroup:
    """The members of a user group, read through ``usergroups.users.list``.

    A question is never kept waiting for Slack: ``members`` answers from the last list read
    and, every ten minutes, starts a refresh in the background. ``refresh`` reads it at once
    (the bot does so when it starts). If Slack cannot be asked, the last list that worked
    stays in force; before the first success nobody is admitted through the group.
    """

    def __init__(
        self,
        client: WebClient,
        group_id: str,
        clock: Callable[[], float] = time.monotonic,
        refresh_seconds: float = REFRESH_SECONDS,
        spawn: Callable[[Callable[[], None]], None] = _in_background,
    ):
        self.client = client
        self.group_id = group_id
        self.clock = clock
        self.refresh_seconds = refresh_seconds
        self.spawn = spawn
        self._members: frozenset[str] = frozenset()
        self._checked: float | None = None
        self._lock = threading.Lock()
        self._refreshing = False

    def members(self) -> frozenset[str]:
        with self._lock:
            stale = self._checked is None or self.clock() - self._checked >= self.refresh_seconds
            start = stale and not self._refreshing
            if start:
                self._refreshing = True
                self._checked = self.clock()
        if start:
            self.spawn(self._refresh_then_release)
        return self._members

    def refresh(self) -> frozenset[str]:
        """Read the group now (at start, so admins work from the first question)."""
        with self._lock:
            self._checked = self.clock()
        self._read()
        return self._members

    def _refresh_then_release(self) -> None:
        try:
            self._read()
        finally:
            with self._lock:
                self._refreshing = False

    def _read(self) -> None:
        try:
            response = self.client.usergroups_users_list(usergroup=self.group_id)
            self._members = frozenset(response.get("users") or [])
        except (SlackApiError, SlackClientError, OSError) as error:
            log.warning(
                "could not read admin group %s (%s); keeping %d known members",
                self.group_id,
                type(error).__name__,
                len(self._members),
            )
