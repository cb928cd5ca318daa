"""What a command handler receives: who is asking, where and when (``Context``), which
programmes the question is about (``Scope``), and the ``Call`` that bundles them with the data.

Kept apart from the engine (as Bolt keeps ``Ack`` and ``BoltContext`` apart from its
dispatcher), so a handler imports these types and never the engine or another handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from commands.errors import BadInput

if TYPE_CHECKING:  # what a Call carries; the faces that make them import them anyway
    from commands.answer import Answer
    from commands.digest_system import DigestSystem
    from commands.parsing import Request
    from commands.registry import Registry
    from commands.reminder_system import ReminderSystem
    from knowledge.queries import KnowledgeBase
    from knowledge.state.change_log import ChangeLog
    from knowledge.state.papers import PaperStore
    from knowledge.state.tracking import Tracking


class Preferences(Protocol):
    """Where a channel's default programme is remembered (SQLite in production)."""

    def default_programme(self, channel_id: str) -> str | None: ...

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None: ...

    def clear_default_programme(self, channel_id: str, user_id: str) -> None: ...


@dataclass
class MemoryPreferences:
    """Preferences kept in memory, for tests and one-off CLI questions."""

    defaults: dict[str, str] = field(default_factory=dict)

    def default_programme(self, channel_id: str) -> str | None:
        return self.defaults.get(channel_id)

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None:
        self.defaults[channel_id] = programme_id

    def clear_default_programme(self, channel_id: str, user_id: str) -> None:
        self.defaults.pop(channel_id, None)


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and on what date; the engine never reads the clock itself.

    ``read_only`` is for faces that re-ask a question someone else typed (a share button):
    the engine then refuses any command that changes stored data.
    """

    today: date
    channel_id: str = "local"
    user_id: str = "local"
    programme: str | None = None
    is_admin: bool = False
    now: datetime | None = None
    via: str = "cli"
    read_only: bool = False


MANY = 8  # programmes one answer goes through in turn; past this it narrows or indexes


# Scope, Call and parsing.Request are built for every answer and only read after that; they
# are plain slotted dataclasses because a frozen one's __init__ costs about five times as much.
@dataclass(slots=True)
class Scope:
    """The programmes a question is about, and how we decided that (for labelling)."""

    programme_ids: tuple[str, ...]
    how: str

    @property
    def single(self) -> str | None:
        return self.programme_ids[0] if len(self.programme_ids) == 1 else None


@dataclass(slots=True)
class Call:
    """Everything a command handler may use: the request, its scope, the date and the data."""

    request: Request
    context: Context
    scope: Scope
    kb: KnowledgeBase
    preferences: Preferences
    args: tuple[str, ...]
    registry: Registry
    tracking: Tracking | None = None
    change_log: ChangeLog | None = None
    reminders: ReminderSystem | None = None
    digests: DigestSystem | None = None
    papers: PaperStore | None = None
    ask: Callable[[str], Answer] | None = None  # a documented sub-question, same context

    @property
    def today(self) -> date:
        return self.request.as_of or self.context.today

    @property
    def rest(self) -> str:
        return " ".join(self.args)

    def write_time(self) -> datetime:
        """When a write happens, for the change log; the face supplies it (no clock here)."""
        if self.context.now is None:
            raise BadInput("This change needs the time it was made; the bot supplies it.")
        return self.context.now
