"""``state.db``'s schema: one ordered list of steps, for every kind of record the bot keeps.

The reminder ledger and reminder targets belong to ``scheduler/``, which reads and writes them,
but their tables are created here, in the same list, so the schema has one order whichever
process opens the file first and whichever layers it imports.

Files written before this list existed were migrated by four separate sets (``cyps-state``,
``cyps-tracking``, ``cyps-milestone-edits``, ``cyps-reminders``). This list keeps the first
set's name and its first step's name, and every later step creates only what is missing, so
such a file takes the remaining steps without touching a table or a row. Add new steps at the
end; never rename or reorder one.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

state_migrations = Migrations("cyps-state")


@state_migrations()
def create_channel_defaults(db: Database) -> None:
    db.table("channel_defaults").create(
        {"channel_id": str, "programme_id": str, "set_by": str},
        pk="channel_id",
        if_not_exists=True,
    )


@state_migrations()
def create_tracking_tables(db: Database) -> None:
    """Delivered and forecast amounts, the board's RAG, and the change log behind both."""
    db.table("amounts").create(
        {
            "programme_id": str,
            "proposal_id": str,
            "year": str,
            "kind": str,
            "amount_k": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("programme_id", "proposal_id", "year", "kind"),
        if_not_exists=True,
    )
    db.table("rag_overrides").create(
        {
            "programme_id": str,
            "proposal_id": str,
            "rag": str,
            "reason": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("programme_id", "proposal_id"),
        if_not_exists=True,
    )
    db.table("change_log").create(
        {
            "id": int,
            "at": str,
            "who": str,
            "via": str,
            "programme_id": str,
            "subject": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("change_log").create_index(["programme_id", "subject"], if_not_exists=True)


@state_migrations()
def create_milestone_edits(db: Database) -> None:
    """Milestones the board adds or re-dates, and the change counters a scheduler polls."""
    db.table("milestone_edits").create(
        {
            "programme_id": str,
            "id": str,
            "origin": str,
            "kind": str,
            "date": str,
            "title": str,
            "decides": str,
            "previous_date": str,
            "edited_by": str,
            "edited_at": str,
        },
        pk=("programme_id", "id"),
        if_not_exists=True,
    )
    db.table("edit_versions").create(
        {"name": str, "version": int, "changed_at": str}, pk="name", if_not_exists=True
    )


@state_migrations()
def create_reminder_tables(db: Database) -> None:
    """Where each programme's reminders go, and the ledger that posts each one once."""
    db.table("reminder_targets").create(
        {"programme_id": str, "channel_id": str, "leads": str, "set_by": str, "set_at": str},
        pk="programme_id",
        if_not_exists=True,
    )
    db.table("reminder_ledger").create(
        {
            "key": str,
            "programme_id": str,
            "milestone_id": str,
            "lead": str,
            "due": str,
            "channel_id": str,
            "status": str,
            "owner": str,
            "first_claimed_at": str,
            "claimed_at": str,
            "attempts": int,
            "ts": str,
            "detail": str,
            "updated_at": str,
        },
        pk="key",
        if_not_exists=True,
    )
    db.table("reminder_ledger").create_index(["status"], if_not_exists=True)


@state_migrations()
def create_write_claims_and_signing_keys(db: Database) -> None:
    """The requests a write was made for, so one delivered twice records once; and the keys
    that sign what the bot's buttons carry, so every process and restart shares them."""
    db.table("write_claims").create({"key": str, "claimed_at": int}, pk="key", if_not_exists=True)
    db.table("signing_keys").create({"name": str, "key": str}, pk="name", if_not_exists=True)


def apply_migrations(db: Database, attempts: int = 5) -> None:
    """Bring ``db`` up to date, tolerating another process doing so at the same moment."""
    for attempt in range(attempts):
        try:
            state_migrations.apply(db)
            return
        except (sqlite3.OperationalError, sqlite3.IntegrityError):
            if attempt == attempts - 1:
                raise
