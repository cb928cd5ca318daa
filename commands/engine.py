"""One engine for every face: text in, Answer out, errors turned into helpful answers."""

from __future__ import annotations

import logging
import secrets

from commands.answer import Answer
from commands.call import Call, Context, MemoryPreferences, Preferences, Scope
from commands.errors import CypsError, Forbidden, ProgrammeNotFound
from commands.followups import follow_up, refuse_writes, unwrap
from commands.parsing import MAX_LENGTH, Request, parse_request, straighten
from commands.registry import Registry
from commands.reminder_system import ReminderSystem
from knowledge.matching import ProgrammeMatcher
from knowledge.model import Programme
from knowledge.queries import KnowledgeBase
from knowledge.state.change_log import ChangeLog
from knowledge.state.connection import StateView
from knowledge.state.tracking import Tracking

log = logging.getLogger(__name__)

FREE_TEXT = "ask"  # the command that answers text naming no command
EMPTY = "help"  # and the one that answers no text at all


class _Catalogue:
    """What the engine derives from the knowledge base's programmes, for one generation of it."""

    def __init__(self, kb: KnowledgeBase):
        self.generation = kb.generation
        self.programmes: list[Programme] = kb.programmes()
        self.known = frozenset(p.id for p in self.programmes)
        self.all_ids = tuple(sorted(self.known))
        self.matcher = ProgrammeMatcher(self.programmes)


class Engine:
    """Parses a question, works out its scope, checks who may run it, and runs its handler."""

    def __init__(
        self,
        kb: KnowledgeBase,
        registry: Registry,
        preferences: Preferences | None = None,
        tracking: Tracking | None = None,
        change_log: ChangeLog | None = None,
        reminders: ReminderSystem | None = None,
    ):
        self.kb = kb
        self.registry = registry
        self.preferences = preferences or MemoryPreferences()
        self.tracking = tracking
        self.change_log = change_log
        self.reminders = reminders
        self._catalogue = _Catalogue(kb)

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
            spec = self.registry.get(words[0].lower())
            return bool(spec and spec.writes)
        try:
            request = parse_request(text, self.registry.names)
        except CypsError:
            return False
        spec = self.registry.get(request.command)
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
        request = parse_request(text, self.registry.names)
        follow_ups, request = unwrap(request, self.registry.names)  # "more ...", "sources ..."
        scope, args = self.resolve_scope(request, context)
        name = request.command or (FREE_TEXT if args else EMPTY)
        spec = self.registry[name]
        if spec.writes:
            refuse_writes(follow_ups)
        if spec.admin and not context.is_admin:
            raise Forbidden(
                f"Only the board's admins can use `{spec.name}`; ask one of them to record it.",
                ("help",),
            )
        call = Call(
            request,
            context,
            scope,
            self.kb,
            self.preferences,
            args,
            self.registry,
            self.tracking,
            self.change_log,
            self.reminders,
        )
        answer = spec.handler(call)
        if not answer.command:
            answer = answer.but(command=spec.name)
        return follow_up(answer, follow_ups)

    def resolve_scope(self, request: Request, context: Context) -> tuple[Scope, tuple[str, ...]]:
        """Programme from the option, then words in the text, then the channel's default."""
        catalogue = self.catalogue
        known = catalogue.known
        explicit = request.programme_flag or context.programme
        args_text = " ".join(request.args)
        names = self.registry.names
        if explicit:
            found, _ = catalogue.matcher.mentions(explicit)
            if explicit in known:
                found = (explicit,)
            if len(found) != 1:
                raise ProgrammeNotFound(
                    f'No programme "{explicit}". Known programmes: {", ".join(sorted(known))}.',
                    ("programmes",),
                )
            mentioned, remaining = catalogue.matcher.mentions(args_text, names)
            return Scope(found, "option"), tuple(remaining.split()) if mentioned else request.args
        mentioned, remaining = catalogue.matcher.mentions(args_text, names)
        if mentioned:
            return Scope(mentioned, "text"), tuple(remaining.split())
        default = self.preferences.default_programme(context.channel_id)
        if default in known:
            return Scope((default,), "channel"), request.args
        return Scope(catalogue.all_ids, "all"), request.args
