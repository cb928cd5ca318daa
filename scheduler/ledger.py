"""The delivery ledger in ``state.db``: the record that decides whether a reminder is posted.

The ledger is the only thing that makes "posted once" true, for reminders and for the
scheduled digests alike (anything that is a ``Deliverable``). A reminder is claimed with an
``INSERT`` inside ``BEGIN IMMEDIATE`` (SQLite's write lock) before anyone posts it, so of two
processes or two threads only one can hold it; the holder confirms it with the message's ``ts``.
A claim that is never confirmed (the process died mid-post) is "uncertain": it is taken over only
after its lease runs out, and only after the channel's history has been searched for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from knowledge.state.connection import StateDB, Store
from scheduler.timestamps import moment_or_none, utc_text

DEFAULT_LEASE = timedelta(minutes=10)


class Deliverable(Protocol):
    """One posting the ledger keeps: a stable key, what it is about (recorded in the
    ``milestone_id`` and ``lead`` columns), when it falls due, when it stops being worth
    posting, and where it goes."""

    @property
    def key(self) -> str: ...

    @property
    def programme_id(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def due(self) -> datetime: ...

    @property
    def expires(self) -> datetime: ...

    @property
    def channel(self) -> str | None: ...


def never_gone(owner: str) -> bool:
    return False


@dataclass(frozen=True)
class LedgerEntry:
    key: str
    programme_id: str
    milestone_id: str
    lead: str
    due: datetime
    channel_id: str
    status: str
    owner: str
    first_claimed_at: datetime | None
    claimed_at: datetime | None
    attempts: int
    ts: str
    detail: str
    updated_at: datetime


@dataclass(frozen=True)
class Claim:
    """The right to post one reminder. ``uncertain`` when an earlier attempt may have posted."""

    key: str
    owner: str
    uncertain: bool
    since: datetime
    channel: str = ""  # where an earlier attempt posted, to search its history


_COLUMNS = (
    "key, programme_id, milestone_id, lead, due, channel_id, status, owner, first_claimed_at,"
    " claimed_at, attempts, ts, detail, updated_at"
)


def _entry(row: tuple[object, ...]) -> LedgerEntry:
    r = [str(v) if v is not None else "" for v in row]
    return LedgerEntry(
        key=r[0],
        programme_id=r[1],
        milestone_id=r[2],
        lead=r[3],
        due=datetime.fromisoformat(r[4]),
        channel_id=r[5],
        status=r[6],
        owner=r[7],
        first_claimed_at=moment_or_none(r[8]),
        claimed_at=moment_or_none(r[9]),
        attempts=int(r[10] or 0),
        ts=r[11],
        detail=r[12],
        updated_at=datetime.fromisoformat(r[13]),
    )


class Ledger(Store):
    """Delivery records keyed by reminder key; ``owner`` names this process in its claims.

    ``owner_gone`` says whether a claim's owner is known to have died (a process on this
    host that no longer exists): its claim is then taken over at once, as an uncertain one,
    instead of after the lease.
    """

    def __init__(
        self,
        state: StateDB,
        owner: str,
        lease: timedelta = DEFAULT_LEASE,
        owner_gone: Callable[[str], bool] = never_gone,
    ):
        super().__init__(state)
        self.owner = owner
        self.lease = lease
        self.owner_gone = owner_gone

    def entry(self, key: str) -> LedgerEntry | None:
        rows = self._read(f"select {_COLUMNS} from reminder_ledger where key = ?", (key,))
        return _entry(rows[0]) if rows else None

    def entries(self, status: str | None = None, limit: int = 200) -> list[LedgerEntry]:
        where, params = ("where status = ?", (status,)) if status else ("", ())
        rows = self._read(
            f"select {_COLUMNS} from reminder_ledger {where} order by updated_at desc limit ?",
            (*params, limit),
        )
        return [_entry(r) for r in rows]

    def statuses(self) -> dict[str, str]:
        """Every key the ledger knows with its status, for filtering a plan in one query."""
        return {str(k): str(s) for k, s in self._read("select key, status from reminder_ledger")}

    def last_sent(self, prefix: str) -> LedgerEntry | None:
        """The latest posting whose key starts with ``prefix`` (a digest's earlier runs)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._read(
            f"select {_COLUMNS} from reminder_ledger where key like ? escape '\\'"
            " and status = 'sent' order by due desc limit 1",
            (pattern,),
        )
        return _entry(rows[0]) if rows else None

    def claim(self, reminder: Deliverable, now: datetime) -> Claim | None:
        """Take the reminder for posting, or None when it is settled or another holds it."""
        with self._write() as conn:
            row = conn.execute(
                "select status, claimed_at, first_claimed_at, channel_id, owner"
                " from reminder_ledger where key = ?",
                (reminder.key,),
            ).fetchone()
            if row is None:
                conn.execute(
                    f"insert into reminder_ledger ({_COLUMNS})"
                    " values (?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, 1, '', '', ?)",
                    (
                        reminder.key,
                        reminder.programme_id,
                        reminder.subject,
                        reminder.label,
                        utc_text(reminder.due),
                        reminder.channel or "",
                        self.owner,
                        utc_text(now),
                        utc_text(now),
                        utc_text(now),
                    ),
                )
                return Claim(reminder.key, self.owner, False, now, reminder.channel or "")
            status, claimed_at, first, channel, owner = row
            if status in {"sent", "skipped"}:
                return None
            recent = datetime.fromisoformat(claimed_at) > now - self.lease
            if status == "failed" and recent:
                return None  # failed a moment ago: wait the lease before trying again
            if status == "claimed" and recent and not self.owner_gone(str(owner)):
                return None  # held by a live process
            conn.execute(
                "update reminder_ledger set status = 'claimed', owner = ?, claimed_at = ?,"
                " attempts = attempts + 1, channel_id = ?, updated_at = ? where key = ?",
                (self.owner, utc_text(now), reminder.channel or "", utc_text(now), reminder.key),
            )
            return Claim(
                reminder.key, self.owner, True, datetime.fromisoformat(first), channel or ""
            )

    def renew(self, claim: Claim, now: datetime) -> bool:
        """Extend the lease while retrying; False if the claim was lost to another process."""
        with self._write() as conn:
            return bool(
                conn.execute(
                    "update reminder_ledger set claimed_at = ?, updated_at = ?"
                    " where key = ? and owner = ? and status = 'claimed'",
                    (utc_text(now), utc_text(now), claim.key, claim.owner),
                ).rowcount
            )

    def confirm(self, claim: Claim, ts: str, now: datetime, detail: str = "") -> None:
        with self._write() as conn:
            conn.execute(
                "update reminder_ledger set status = 'sent', ts = ?, detail = ?, updated_at = ?"
                " where key = ?",
                (ts, detail, utc_text(now), claim.key),
            )

    def fail(self, claim: Claim, error: str, now: datetime) -> None:
        """Give the claim back after the retries ran out; the next sweep may try again."""
        with self._write() as conn:
            conn.execute(
                "update reminder_ledger set status = 'failed', detail = ?, updated_at = ?"
                " where key = ? and owner = ? and status = 'claimed'",
                (error, utc_text(now), claim.key, claim.owner),
            )

    def skip(self, reminder: Deliverable, reason: str, now: datetime) -> bool:
        """Record that the reminder will not be posted; never overrides a sent one or another
        process's live claim."""
        with self._write() as conn:
            row = conn.execute(
                "select status, claimed_at, owner from reminder_ledger where key = ?",
                (reminder.key,),
            ).fetchone()
            if row is None:
                conn.execute(
                    f"insert into reminder_ledger ({_COLUMNS})"
                    " values (?, ?, ?, ?, ?, ?, 'skipped', '', '', '', 0, '', ?, ?)",
                    (
                        reminder.key,
                        reminder.programme_id,
                        reminder.subject,
                        reminder.label,
                        utc_text(reminder.due),
                        reminder.channel or "",
                        reason,
                        utc_text(now),
                    ),
                )
                return True
            status, claimed_at, owner = row
            if status in {"sent", "skipped"}:
                return False
            live = status == "claimed" and datetime.fromisoformat(claimed_at) > now - self.lease
            if live and owner != self.owner and not self.owner_gone(str(owner)):
                return False
            conn.execute(
                "update reminder_ledger set status = 'skipped', detail = ?, updated_at = ?"
                " where key = ?",
                (reason, utc_text(now), reminder.key),
            )
            return True
