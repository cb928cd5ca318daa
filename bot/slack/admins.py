"""Who may record changes from Slack: ``CYPS_ADMINS`` user ids, plus optionally the members of
one Slack user group (``CYPS_ADMIN_GROUP``), so a board can manage its admins in Slack."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
REFRESH_SECONDS = 600.0


class AdminGroup:
    """The members of a user group, looked up through ``usergroups.users.list`` and refreshed
    every ten minutes. If Slack cannot be asked, the last list that worked stays in force (and
    before the first success nobody is admitted through the group)."""

    def __init__(
        self,
        client: WebClient,
        group_id: str,
        clock: Callable[[], float] = time.monotonic,
        refresh_seconds: float = REFRESH_SECONDS,
    ):
        self.client = client
        self.group_id = group_id
        self.clock = clock
        self.refresh_seconds = refresh_seconds
        self._members: frozenset[str] = frozenset()
        self._checked: float | None = None

    def members(self) -> frozenset[str]:
        now = self.clock()
        if self._checked is None or now - self._checked >= self.refresh_seconds:
            self._checked = now
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
        return self._members
