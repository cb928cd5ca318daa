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
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

Step = Callable[["Database"], None]


class StepList:
    """sqlite-utils' ``Migrations``, with the steps registered as with it
    (``@state_migrations()``) but sqlite-utils imported only when a step is pending.

    Every process opens ``state.db`` and nearly always finds it up to date; importing
    sqlite-utils to learn that would cost a one-off ``cyps ask`` more than its answer (it
    imports numpy). The applied steps are read from sqlite-utils' own record of them.
    """

    def __init__(self, name: str):
        self.name = name
        self._steps: list[tuple[str, Step]] = []

    def __call__(self, *, name: str | None = None) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            self._steps.append((name or step.__name__, step))
            return step

        return register

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._steps]

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        """The steps not yet applied to the file ``conn`` is open on, in order."""
        try:
            applied = {
                row[0]
                for row in conn.execute(
                    "select name from _sqlite_migrations where migration_set = ?", (self.name,)
                )
            }
        except sqlite3.OperationalError:  # no record yet: a new file
            applied = set()
        return [name for name in self.names if name not in applied]

    def migrations(self) -> Migrations:
        """The same steps as a sqlite-utils ``Migrations`` set, to apply."""
        from sqlite_utils import Migrations

        migrations = Migrations(self.name)
        for name, step in self._steps:
            migrations(name=name)(step)
        return migrations


state_migrations = StepList("cyps-state")


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
def create_digest_targets(db: Database) -> None:
    """Channels that get the board digest on a schedule (``/cyps digest here``): one row per
    channel and programme (``*`` for every programme), with its own cron or '' for the default."""
    db.table("digest_targets").create(
        {"channel_id": str, "programme_id": str, "cron": str, "set_by": str, "set_at": str},
        pk=("channel_id", "programme_id"),
        if_not_exists=True,
    )


@state_migrations()
def create_paper_tables(db: Database) -> None:
    """The board's own papers and their passages, searchable (``knowledge.state.papers``).

    ``paper_passages_fts`` indexes each passage's definitions, heading and text with the porter
    stemmer, plus its programme as one token so a search can keep to a programme inside the
    index; ``paper_words`` indexes the same text unstemmed, only so that its vocabulary
    (``paper_words_vocab``) can correct typed words into words the papers use. Triggers keep
    both in step with ``paper_passages``.
    """
    db.table("papers").create(
        {
            "id": str,
            "file_name": str,
            "programme_id": str,
            "title": str,
            "paper_date": str,
            "format": str,
            "pages": int,
            "passages": int,
            "unplaced": str,
            "numbering": str,
            "added_by": str,
            "added_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("paper_passages").create(
        {
            "id": int,
            "paper_id": str,
            "seq": int,
            "number": str,
            "unit": int,
            "kind": str,
            "label": str,
            "heading": str,
            "page": int,
            "defines": str,
            "scope": str,
            "text": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("paper_passages").create_index(["paper_id", "number"], if_not_exists=True)
    for statement in (
        "create virtual table if not exists paper_passages_fts using fts5(defines, heading,"
        " text, scope, content='paper_passages', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')",
        "create virtual table if not exists paper_words using fts5(text, content='',"
        " detail=none, tokenize='unicode61 remove_diacritics 2')",
        "create virtual table if not exists paper_words_vocab using fts5vocab(paper_words, 'row')",
        "create trigger if not exists paper_passages_ai after insert on paper_passages begin"
        " insert into paper_passages_fts(rowid, defines, heading, text, scope)"
        " values (new.id, new.defines, new.heading, new.text, new.scope);"
        " insert into paper_words(rowid, text) values (new.id, new.text); end",
        "create trigger if not exists paper_passages_ad after delete on paper_passages begin"
        " insert into paper_passages_fts(paper_passages_fts, rowid, defines, heading, text, scope)"
        " values ('delete', old.id, old.defines, old.heading, old.text, old.scope);"
        " insert into paper_words(paper_words, rowid, text) values ('delete', old.id, old.text);"
        " end",
    ):
        db.execute(statement)


@state_migrations()
def create_write_claims_and_signing_keys(db: Database) -> None:
    """The requests a write was made for, so one delivered twice records once; and the keys
    that sign what the bot's buttons carry, so every process and restart shares them."""
    db.table("write_claims").create({"key": str, "claimed_at": int}, pk="key", if_not_exists=True)
    db.table("signing_keys").create({"name": str, "key": str}, pk="name", if_not_exists=True)


@state_migrations()
def create_milestone_edit_versions(db: Database) -> None:
    """Which change (the ``milestones`` counter in ``edit_versions``) last wrote each edited
    milestone, so a running scheduler reads back only the milestones edited since it last
    looked. Edits made before this step have none: they are in every full plan."""
    db.table("milestone_edit_versions").create(
        {"programme_id": str, "id": str, "version": int},
        pk=("programme_id", "id"),
        if_not_exists=True,
    )
    db.table("milestone_edit_versions").create_index(["version"], if_not_exists=True)


def apply_migrations(conn: sqlite3.Connection, attempts: int = 5) -> None:
    """Bring the file ``conn`` is open on up to date, tolerating another process doing so at
    the same moment."""
    if not state_migrations.pending(conn):
        return
    from sqlite_utils import Database

    db, migrations = Database(conn), state_migrations.migrations()
    for attempt in range(attempts):
        try:
            migrations.apply(db)
            return
        except (sqlite3.OperationalError, sqlite3.IntegrityError):
            if attempt == attempts - 1:
                raise
