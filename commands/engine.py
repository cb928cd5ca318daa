"""One engine for every face: text in, Answer out, errors turned into helpful answers."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from commands.answer import Answer
from commands.errors import BadInput, CypsError, Forbidden, ProgrammeNotFound
from commands.parsing import MAX_LENGTH, Request, parse_request, straighten
from commands.registry import REGISTRY, command_names
from knowledge.matching import ProgrammeMatcher
from knowledge.model import Programme
from knowledge.queries import KnowledgeBase
from knowledge.statedb import StateView
from knowledge.tracking import TrackingStore

if TYPE_CHECKING:
    from commands.reminder_desk import ReminderDesk

log = logging.getLogger(__name__)


class Preferences(Protocol):
    """Where a channel's default programme is remembered (SQLite in production)."""

    def default_programme(self, channel_id: str) -> str | None: ...

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None: ...


@dataclass
class MemoryPreferences:
    """Preferences kept in memory, for tests and one-off CLI questions."""

    defaults: dict[str, str] = field(default_factory=dict)

    def default_programme(self, channel_id: str) -> str | None:
        return self.defaults.get(channel_id)

    def set_default_programme(self, channel_id: str, programme_id: str, user_id: str) -> None:
        self.defaults[channel_id] = programme_id


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and on what date; the engine never reads the clock itself."""

    today: date
    channel_id: str = "local"
    user_id: str = "local"
    programme: str | None = None
    is_admin: bool = False
    now: datetime | None = None
    via: str = "cli"


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
    tracking: TrackingStore | None = None
    reminders: ReminderDesk | None = None

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


class _Catalogue:
    """What the engine derives from the knowledge base's programmes, for one generation of it."""

    def __init__(self, kb: KnowledgeBase):
        self.generation = kb.generation
        self.programmes: list[Programme] = kb.programmes()
        self.known = frozenset(p.id for p in self.programmes)
        self.all_ids = tuple(sorted(self.known))
        self.matcher = ProgrammeMatcher(self.programmes)


class Engine:
    def __init__(
        self,
        kb: KnowledgeBase,
        preferences: Preferences | None = None,
        tracking: TrackingStore | None = None,
        reminders: ReminderDesk | None = None,
    ):
        import commands.handlers  # noqa: F401 - registers every command

        self.kb = kb
        self.preferences = preferences or MemoryPreferences()
        self.tracking = tracking
        self.reminders = reminders
        self._catalogue = _Catalogue(kb)
        self._names = command_names()

    @property
    def catalogue(self) -> _Catalogue:
        """The programmes and their matcher, remade when the knowledge base was reloaded."""
        catalogue = self._catalogue
        if catalogue.generation != self.kb.generation:
            catalogue = self._catalogue = _Catalogue(self.kb)
        return catalogue

    @property
    def programmes(self) -> list[Programme]:
        return self.catalogue.programmes

    def writes(self, text: str) -> bool:
        """Whether ``text`` asks for a command that changes stored data (never raises).

        Asked before every Slack answer, so it reads the first word and parses fully only
        when options come first.
        """
        words = straighten(text[: MAX_LENGTH + 1]).split()
        if words and words[0].lower() == "/cyps":
            words = words[1:]
        if words and not words[0].startswith("-"):
            spec = REGISTRY.get(words[0].lower())
            return bool(spec and spec.writes)
        try:
            request = parse_request(text, self._names)
        except CypsError:
            return False
        spec = REGISTRY.get(request.command)
        return bool(spec and spec.writes)

    def answer(self, text: str, context: Context) -> Answer:
        """Answer ``text``; every failure becomes an Answer, never an exception."""
        try:
            with StateView():  # one look at the bot's own data per answer
                return self._answer(text, context)
        except CypsError as error:
            return Answer(
                title=error.message,
                suggestions=error.suggestions,
                status=error.status,
            )
        except Exception:
            reference = secrets.token_hex(3)
            log.exception("unexpected error answering a question (ref %s)", reference)
            return Answer(
                title=f"Sorry, something went wrong on our side (reference {reference}).",
                lines=(
                    "Please try again; if it keeps happening, quote the reference to the bot's admin.",
                ),
                status="error",
            )

    def _answer(self, text: str, context: Context) -> Answer:
        request = parse_request(text, self._names)
        scope, args = self.resolve_scope(request, context)
        spec = REGISTRY.get(request.command) if request.command else REGISTRY["ask"]
        assert spec is not None
        if spec.admin and not context.is_admin:
            raise Forbidden(
                f"Only the board's admins can use `{spec.name}`; ask one of them to record it.",
                ("help",),
            )
        call = Call(
            request, context, scope, self.kb, self.preferences, args, self.tracking, self.reminders
        )
        answer = spec.handler(call)
        if not answer.command:
            answer = Answer(**{**answer.__dict__, "command": spec.name})
        return answer

    def resolve_scope(self, request: Request, context: Context) -> tuple[Scope, tuple[str, ...]]:
        """Programme from the option, then words in the text, then the channel's default."""
        catalogue = self.catalogue
        known = catalogue.known
        explicit = request.programme_flag or context.programme
        args_text = " ".join(request.args)
        if explicit:
            found, _ = catalogue.matcher.mentions(explicit)
            if explicit in known:
                found = (explicit,)
            if len(found) != 1:
                raise ProgrammeNotFound(
                    f'No programme "{explicit}". Known programmes: {", ".join(sorted(known))}.',
                    ("programmes",),
                )
            mentioned, remaining = catalogue.matcher.mentions(args_text, self._names)
            return Scope(found, "option"), tuple(remaining.split()) if mentioned else request.args
        mentioned, remaining = catalogue.matcher.mentions(args_text, self._names)
        if mentioned:
            return Scope(mentioned, "text"), tuple(remaining.split())
        default = self.preferences.default_programme(context.channel_id)
        if default in known:
            return Scope((default,), "channel"), request.args
        return Scope(catalogue.all_ids, "all"), request.args
