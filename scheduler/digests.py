"""The scheduled board digest: where and when it goes, and each scheduled time as a posting
the delivery ledger keeps, with a stable key, so it is posted once per scheduled time.

APScheduler's ``CronTrigger`` (from a five-field cron in the board's zone) decides when; the
ledger decides whether. A digest missed while the bot was down is posted late if the grace
period has not run out; a later scheduled time supersedes an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from commands.digest_system import EVERY_PROGRAMME, DigestSetting
from commands.errors import BadInput
from scheduler.config import DigestConfig, cron_problem
from scheduler.digest_targets import DigestTargets
from scheduler.ledger import Ledger

if TYPE_CHECKING:  # APScheduler only when a digest is scheduled, not on every start
    from apscheduler.triggers.cron import CronTrigger

SUBJECT = "digest"
MAX_STEPS = 10_000  # fire times looked at within the grace period (every minute for a week)


@dataclass(frozen=True)
class DigestRun:
    """One scheduled time of one digest: a ``scheduler.ledger.Deliverable``."""

    key: str
    programme_id: str
    channel: str
    label: str  # the cron expression
    due: datetime
    expires: datetime  # the next scheduled time, which supersedes this one

    @property
    def subject(self) -> str:
        return SUBJECT

    @property
    def scope(self) -> str | None:
        """The one programme the digest covers, or None for every programme."""
        return None if self.programme_id == EVERY_PROGRAMME else self.programme_id


def key_prefix(programme_id: str, channel_id: str) -> str:
    return f"{SUBJECT}/{programme_id}/{channel_id}@"


def run_key(setting: DigestSetting, due: datetime, tz: ZoneInfo) -> str:
    """Stable per scheduled time: the same whichever process plans it, before or after a crash."""
    local = due.astimezone(tz)
    return key_prefix(setting.programme_id, setting.channel_id) + f"{local:%Y-%m-%dT%H:%M}"


def trigger(cron: str, config: DigestConfig) -> CronTrigger:
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger.from_crontab(cron, timezone=config.tz)


def latest_run(
    setting: DigestSetting, config: DigestConfig, now: datetime, grace: timedelta
) -> DigestRun | None:
    """The setting's latest scheduled time at or before ``now`` and within the grace period."""
    cron = trigger(setting.cron, config)
    moment = cron.get_next_fire_time(None, now - grace)
    last = None
    for _ in range(MAX_STEPS):
        if moment is None or moment > now:
            break
        last = moment
        moment = cron.get_next_fire_time(last, last + timedelta(seconds=1))
    if last is None:
        return None
    expires = moment if moment is not None else last + timedelta(days=366)
    return DigestRun(
        run_key(setting, last, config.tz),
        setting.programme_id,
        setting.channel_id,
        setting.cron,
        last,
        expires,
    )


class StoredDigestSystem:
    """``commands.digest_system.DigestSystem`` over ``state.db`` and the settings."""

    def __init__(
        self,
        targets: DigestTargets,
        config: DigestConfig,
        ledger: Ledger,
        clock: Callable[[], datetime],
    ):
        self.targets = targets
        self.config = config
        self.ledger = ledger
        self.clock = clock

    def version(self) -> int:
        return self.targets.version()

    def _setting(self, channel: str, programme: str, cron: str, origin: str) -> DigestSetting:
        upcoming = trigger(cron, self.config).get_next_fire_time(None, self.clock())
        return DigestSetting(channel, programme, cron, origin, upcoming)

    def settings(self) -> list[DigestSetting]:
        """``CYPS_DIGEST_CHANNEL``'s digest of every programme, then the channels' own."""
        found: dict[tuple[str, str], DigestSetting] = {}
        if self.config.channel:
            key = (self.config.channel, EVERY_PROGRAMME)
            found[key] = self._setting(*key, self.config.cron, "CYPS_DIGEST_CHANNEL")
        for target in self.targets.all():
            cron = target.cron or self.config.cron
            key = (target.channel_id, target.programme_id)
            found[key] = self._setting(*key, cron, f"set by {target.set_by}")
        return list(found.values())

    def last_digest(self, channel_id: str, programme_ids: Sequence[str]) -> datetime | None:
        entries = [
            self.ledger.last_sent(key_prefix(pid, channel_id))
            for pid in (*programme_ids, EVERY_PROGRAMME)
        ]
        return max((e.due for e in entries if e is not None), default=None)

    def set_here(
        self, channel_id: str, programme_id: str, cron: str | None, user_id: str, at: datetime
    ) -> DigestSetting:
        text = " ".join((cron or "").split())
        problem = cron_problem(text, self.config.tz) if text else None
        if problem:
            raise BadInput(
                f'"{text}" {problem}.', ("digest here 0 9 * * mon", "digest here 30 8 * * fri")
            )
        self.targets.set(channel_id, programme_id, text, user_id, at)
        return self._setting(
            channel_id, programme_id, text or self.config.cron, f"set by {user_id}"
        )

    def turn_off(
        self, channel_id: str, programme_id: str | None, user_id: str, at: datetime
    ) -> int:
        return self.targets.clear(channel_id, programme_id, at)

    def due_runs(self, now: datetime, grace: timedelta) -> list[DigestRun]:
        """Every setting's latest scheduled time within the grace period."""
        return [
            run
            for setting in self.settings()
            if (run := latest_run(setting, self.config, now, grace)) is not None
        ]
