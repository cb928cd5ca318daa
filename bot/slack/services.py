"""What the Slack listeners need, in one object handed to each module's ``register``."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from bot.clock import now_in_london
from bot.slack.admins import AdminGroup
from bot.slack.answer_log import AnswerLog
from bot.slack.charts import ChartImages
from bot.slack.messages import RecentMessages
from commands.call import Context
from commands.engine import Engine

# Slack wants the slash command acknowledged within 3 seconds; past this we ack with a
# holding note and send the answer through response_url when it is ready.
ANSWER_BUDGET_SECONDS = 0.6  # past this an answer is a holding note, then the answer
ANSWER_LOGGER = logging.getLogger("bot.slack.slash")  # where the line per answer goes
PLAIN_CONTEXTS = 4096  # contexts kept for reuse; past this they are all made afresh


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
    answer_log: AnswerLog = field(default_factory=lambda: AnswerLog(ANSWER_LOGGER))
    # Contexts are frozen, so the one for a channel, a person and a day can be made once: a
    # kept answer is then found by the very object it was filed under
    _plain_contexts: dict[tuple[str, str, date, bool], Context] = field(
        default_factory=dict, repr=False
    )

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
        day, admin = today or self.today(), self.is_admin(user_id) and not read_only
        plain = programme is None and not stamped and not read_only
        key = (channel_id, user_id, day, admin)
        if plain and (known := self._plain_contexts.get(key)) is not None:
            return known  # the same question from the same person today: the same context
        context = Context(
            today=day,
            channel_id=channel_id,
            user_id=user_id,
            programme=programme,
            is_admin=admin,
            now=self.now() if stamped else None,
            via="slack",
            read_only=read_only,
        )
        if plain:
            if len(self._plain_contexts) >= PLAIN_CONTEXTS:
                self._plain_contexts.clear()
            self._plain_contexts[key] = context
        return context
