"""Posting due reminders exactly once: claim in the ledger, post, confirm; retry, recover, skip.

``LedgerDelivery`` holds the rules for anything the ledger keeps (a ``Deliverable``); the
reminders' ``Delivery`` and the digests' (``scheduler.digests``) differ only in what they
post. The rules, in the order ``deliver`` applies them:

* a reminder whose milestone has passed (a posting past its ``expires``) and that the ledger
  has never seen posts nothing (the default knowledge base is all history);
* one missed by more than the grace period is recorded as skipped, never posted late;
* otherwise it is claimed; a claim that an earlier attempt may have posted ("uncertain") is
  first looked up in the channel's history, and found means done;
* Slack errors worth retrying (429, 5xx, timeouts) are retried with exponential backoff,
  checking history first whenever the failed attempt might have posted.

The clock and the sleep are parameters, so tests drive all of this without waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from knowledge.queries import KnowledgeBase
from knowledge.state.tracking import Tracking
from scheduler.content import FiguresCache, ReminderContent, build_content
from scheduler.ledger import Claim, Deliverable, Ledger
from scheduler.planning import Reminder
from scheduler.poster import Poster, PostError

log = logging.getLogger(__name__)

Render = Callable[[ReminderContent], tuple[str, list[dict[str, Any]]]]
Clock = Callable[[], datetime]
Message = tuple[str, list[dict[str, Any]]]  # the fallback text and the blocks
T = TypeVar("T", bound=Deliverable)


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did: ``sent``, ``found`` (already in the channel),
    ``skipped``, ``failed``, ``held`` (another process has it), ``settled``, ``past``,
    ``not_due`` or ``no_channel``."""

    key: str
    status: str
    detail: str = ""


def plain_render(content: ReminderContent) -> tuple[str, list[dict[str, Any]]]:
    """A text-only rendering, for tests and for benchmarks that do not measure Block Kit."""
    return f"{content.title}: {content.lead} to go ({content.key})", []


class LedgerDelivery(Generic[T]):
    """Posts ``T``s exactly once through the ledger; a subclass says what a posting says."""

    noun = "posting"  # in log lines: "reminder ... posted to ..."
    expired = "it was no longer due"  # why a posting past its ``expires`` is skipped

    def __init__(
        self,
        ledger: Ledger,
        poster: Poster,
        clock: Clock,
        grace: timedelta = timedelta(hours=12),
        attempts: int = 5,
        backoff: timedelta = timedelta(seconds=1),
        max_backoff: timedelta = timedelta(seconds=60),
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.ledger = ledger
        self.poster = poster
        self.clock = clock
        self.grace = grace
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep

    def compose(self, item: T, cache: dict[Any, Any]) -> Message:
        """The message for ``item`` as of now; ``cache`` is shared by one sweep's postings."""
        raise NotImplementedError

    def sweep(self, reminders: Iterable[T]) -> list[Outcome]:
        """Deliver everything due and not yet settled: the safety net behind the timed jobs
        and the catch-up after downtime."""
        now = self.clock()
        known = self.ledger.statuses()
        cache: dict[Any, Any] = {}
        return [
            self.deliver(r, cache)
            for r in reminders
            if r.due <= now
            and known.get(r.key) not in {"sent", "skipped"}
            and (r.key in known or r.expires > now)  # history the ledger never saw: skip
        ]

    def deliver(self, reminder: T, cache: dict[Any, Any] | None = None) -> Outcome:
        """Post ``reminder`` if it is due and nobody has; safe to call any number of times."""
        now = self.clock()
        key = reminder.key
        if reminder.due > now:
            return Outcome(key, "not_due")
        entry = self.ledger.entry(key)
        if entry is not None and entry.status in {"sent", "skipped"}:
            return Outcome(key, "settled", entry.status)
        if entry is None and reminder.expires <= now:
            return Outcome(key, "past")
        if reminder.channel is None:
            return Outcome(key, "no_channel")
        late = now - reminder.due
        if entry is None and late > self.grace:
            return self._skip(reminder, now, late)
        claim = self.ledger.claim(reminder, now)
        if claim is None:
            return Outcome(key, "held")
        if claim.uncertain:
            found = self._look_for(reminder, claim)
            if found is not None:
                return found
            if late > self.grace or reminder.expires <= now:
                return self._skip(reminder, now, late)
            claim = replace(claim, channel=reminder.channel)  # from here on, we post there
        return self._post(reminder, claim, cache)

    def _skip(self, reminder: T, now: datetime, late: timedelta) -> Outcome:
        reason = (
            self.expired
            if reminder.expires <= now
            else f"missed by {_span(late)}, beyond the {_span(self.grace)} grace period"
        )
        if self.ledger.skip(reminder, reason, now):
            log.info("%s %s skipped: %s", self.noun, reminder.key, reason)
            return Outcome(reminder.key, "skipped", reason)
        return Outcome(reminder.key, "held")

    def _look_for(self, reminder: T, claim: Claim) -> Outcome | None:
        """Search the channel for an earlier attempt's message; None when it is not there."""
        channel = claim.channel or reminder.channel
        assert channel is not None
        try:
            found = self.poster.find(channel, reminder.key, claim.since)
        except PostError as error:
            self.ledger.fail(claim, f"could not check history: {error}", self.clock())
            return Outcome(reminder.key, "failed", str(error))
        if not found:
            return None
        self.ledger.confirm(claim, "", self.clock(), "found in channel history")
        log.info("%s %s was already in %s; not posting again", self.noun, reminder.key, channel)
        return Outcome(reminder.key, "found")

    def _post(self, reminder: T, claim: Claim, cache: dict[Any, Any] | None) -> Outcome:
        assert reminder.channel is not None
        text, blocks = self.compose(reminder, {} if cache is None else cache)
        error: PostError | None = None
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(self._delay(attempt, error))
                if not self.ledger.renew(claim, self.clock()):
                    return Outcome(reminder.key, "held", "claim lost while retrying")
                if error is not None and error.uncertain:
                    found = self._look_for(reminder, claim)
                    if found is not None:
                        return found
            try:
                ts = self.poster.post(reminder.channel, text, blocks, reminder.key)
            except PostError as failure:
                error = failure
                log.warning(
                    "%s %s attempt %d failed: %s", self.noun, reminder.key, attempt + 1, failure
                )
                if not failure.retryable:
                    break
                continue
            self.ledger.confirm(claim, ts, self.clock())
            log.info("%s %s posted to %s (ts %s)", self.noun, reminder.key, reminder.channel, ts)
            return Outcome(reminder.key, "sent", ts)
        detail = str(error) if error else "not posted"
        self.ledger.fail(claim, detail, self.clock())
        return Outcome(reminder.key, "failed", detail)

    def _delay(self, attempt: int, error: PostError | None) -> float:
        if error is not None and error.retry_after is not None:
            return error.retry_after
        delay = self.backoff.total_seconds() * 2 ** (attempt - 1)
        return min(delay, self.max_backoff.total_seconds())


class Delivery(LedgerDelivery[Reminder]):
    """Reminders: what a reminder says is worked out when it is posted (``build_content``)."""

    noun = "reminder"
    expired = "the milestone had passed"

    def __init__(
        self,
        kb: KnowledgeBase,
        ledger: Ledger,
        poster: Poster,
        clock: Clock,
        render: Render = plain_render,
        grace: timedelta = timedelta(hours=12),
        attempts: int = 5,
        backoff: timedelta = timedelta(seconds=1),
        max_backoff: timedelta = timedelta(seconds=60),
        sleep: Callable[[float], None] = time.sleep,
        tracking: Tracking | None = None,
    ):
        super().__init__(ledger, poster, clock, grace, attempts, backoff, max_backoff, sleep)
        self.kb = kb
        self.tracking = tracking
        self.render = render

    def compose(self, item: Reminder, cache: FiguresCache) -> Message:
        return self.render(build_content(self.kb, item, self.clock(), cache, self.tracking))


def _span(delta: timedelta) -> str:
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    if hours >= 48:
        return f"{hours // 24} days"
    if hours:
        return f"{hours}h{rest // 60:02d}m" if rest >= 60 else f"{hours}h"
    return f"{rest // 60}m" if rest >= 60 else f"{rest}s"
