"""What the Slack listeners need, in one object handed to each module's ``register``."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from bot.clock import now_in_london
from bot.slack.admins import AdminGroup
from bot.slack.charts import ChartImages
from bot.slack.messages import RecentMessages
from commands.call import Context
from commands.engine import Engine

# Slack wants the slash command acknowledged within 3 seconds; past this we ack with a
# holding note and send the answer through response_url when it is ready.
ANSWER_BUDGET_SECONDS = 0.6  # past this an answer is a holding note, then the answer


class Claims(Protocol):
    """Where the requests a write was made for are remembered (``state.db`` in the bot)."""

    def claim(self, key: str, at: datetime) -> bool: ...


@dataclass
class MemoryClaims:
    """Claims kept in memory, for tests and benchmarks that build ``Services`` themselves."""

    keys: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, key: str, at: datetime) -> bool:
        with self.lock:
            first = key not in self.keys
            self.keys.add(key)
            return first


@dataclass
class Services:
    """The engine, the clock (as functions, so tests pin them), who may record changes, and
    the charts' drawing and upload (``ChartImages``); ``messages`` keeps the messages made
    for the engine's latest answers.

    ``button_key`` signs what the bot's buttons carry and ``claims`` remembers which Slack
    invocations a write was made for; the bot keeps both in ``state.db`` (``build_app``), so
    they hold across processes and restarts. The defaults serve one process only.
    """

    engine: Engine
    today: Callable[[], date]
    now: Callable[[], datetime] = now_in_london
    admins: frozenset[str] = frozenset()
    admin_group: AdminGroup | None = None
    answer_budget: float = ANSWER_BUDGET_SECONDS
    charts: ChartImages = field(default_factory=ChartImages)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=8, thread_name_prefix="cyps-answer")
    )
    button_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    claims: Claims = field(default_factory=MemoryClaims)
    messages: RecentMessages = field(default_factory=RecentMessages)

    def is_admin(self, user_id: str) -> bool:
        """Listed in ``CYPS_ADMINS``, or a member of the ``CYPS_ADMIN_GROUP`` user group."""
        if user_id in self.admins:
            return True
        return self.admin_group is not None and user_id in self.admin_group.members()

    def context(
        self,
        channel_id: str,
        user_id: str,
        today: date | None = None,
        programme: str | None = None,
        stamped: bool = True,
        read_only: bool = False,
    ) -> Context:
        """A Slack question's context, with who may record changes (see ``is_admin``).

        ``stamped`` carries the time for the change log; a question known only to read
        can leave it out, and a write without it is refused rather than logged undated.
        ``read_only`` refuses every command that writes (a question re-asked by a button).
        """
        return Context(
            today=today or self.today(),
            channel_id=channel_id,
            user_id=user_id,
            programme=programme,
            is_admin=self.is_admin(user_id) and not read_only,
            now=self.now() if stamped else None,
            via="slack",
            read_only=read_only,
        )
