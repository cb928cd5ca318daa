"""One engine for every face: text in, Answer out, errors turned into helpful answers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from commands.answer import Answer
from commands.call import MANY, Call, Context, MemoryPreferences, Preferences, Scope
from commands.catalogue import Catalogue, narrowed_note
from commands.errors import BadDateInput, CypsError, Forbidden, ProgrammeNotFound
from commands.followups import follow_up, refuse_writes, unwrap
from commands.lookup import every_group
from commands.paper_answers import offer_paragraphs
from commands.parsing import MAX_LENGTH, Request, parse_request, straighten
from commands.reading import Reading
from commands.readings import merged, reading_of
from commands.recent_answers import RecentAnswers
from commands.registry import Registry
from commands.vocabulary import COMMAND_WORDS
from knowledge.model import Programme
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateBusy, StateView

if TYPE_CHECKING:  # the understander reads free questions; a documented command needs none
    from commands.digest_system import DigestSystem
    from commands.reminder_system import ReminderSystem
    from commands.understanding import Understander, Understood
    from knowledge.state.change_log import ChangeLog
    from knowledge.state.papers import PaperStore
    from knowledge.state.tracking import Tracking

log = logging.getLogger(__name__)

FREE_TEXT = "ask"  # the command that answers text naming no command
# Commands the understander reads questions as; a documented command outside these (search,
# para, chart, ...) keeps its own answer to a miss instead of being read again.
UNDERSTOOD = frozenset({*COMMAND_WORDS, "ask", "compare"})
EMPTY = "help"  # and the one that answers no text at all


def _channel_note(programme_id: str) -> str:
    """Said under an answer a channel's default scoped, so the scope is never a surprise."""
    return f"Answered for {programme_id}, this channel's default; `use none` asks across all."


def _documented_words(request: Request) -> str:
    return " ".join([request.command, *request.args]).lower()


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
        digests: DigestSystem | None = None,
        papers: PaperStore | None = None,
        state_version: Callable[[], Hashable] | None = None,
    ):
        """``state_version`` says when the stores' data changed (``state.db``'s watch): given
        it, answers to questions that only read are kept until it or the knowledge base
        changes (``RecentAnswers``); without it (stores in memory) nothing is kept."""
        self.kb = kb
        self.digests = digests
        self.registry = registry
        self.preferences = preferences or MemoryPreferences()
        self.tracking = tracking
        self.change_log = change_log
        self.reminders = reminders
        self.papers = papers
        self._catalogue = Catalogue(kb)
        self.recent = RecentAnswers(state_version) if state_version is not None else None

    @property
    def catalogue(self) -> Catalogue:
        """The programmes and their matcher, remade when the knowledge base was reloaded."""
        catalogue = self._catalogue
        if catalogue.generation != self.kb.generation:
            catalogue = self._catalogue = Catalogue(self.kb)
            if self.recent is not None:
                self.recent.clear()  # they were worked out from the build before
        return catalogue

    @property
    def programmes(self) -> list[Programme]:
        return self.catalogue.programmes

    @property
    def understander(self) -> Understander:
        return self.catalogue.understander

    def warm(self) -> None:
        """Work out now what the first questions on a build would wait for: every command's
        code, the programmes' matcher, the understander's vocabulary, every proposal's names
        and every milestone's date order. The bot runs this in the background at start and
        after each rebuild; an answer asked meanwhile works out what it needs itself."""
        started = time.perf_counter()
        try:
            self.registry.load_all()
            catalogue = self.catalogue
            catalogue.understander  # noqa: B018 - built on first use, so use it
            every_group(self.kb)
            self.kb.milestone_keys()
        except Exception:  # a warm-up never takes the bot down; answers work it out later
            log.exception("warming the knowledge base's caches failed")
            return
        log.info(
            "caches warm for reload %d in %.0f ms",
            catalogue.generation,
            (time.perf_counter() - started) * 1000,
        )

    def read(self, text: str, context: Context) -> Reading | None:
        """How ``text`` is read: the Reading its answer carries (None for a failure). A
        command that writes is read, never run."""
        if self.writes(text):
            try:
                request = parse_request(text, self.registry)
                if not request.command:
                    return self._understood(request, context).reading
                scope, args = self.resolve_scope(request, context)
            except CypsError:
                return None
            name = self.registry[request.command].name
            subject = None
            if name == "use":
                clearing = {"all", "none"} & {a.lower() for a in args}
                subject = scope.single if scope.how in {"text", "option"} else None
                subject = subject or (clearing.pop() if clearing else None)
            return Reading(command=name, subject=subject, words=args)
        return self.answer(text, context).reading

    def writes(self, text: str) -> bool:
        """Whether ``text`` asks for a command that changes stored data (never raises).

        Asked before every Slack answer, so when the first word is a command it decides;
        otherwise (options first, such as ``as of 2017-12-01 actual ...``) the text is parsed
        as the engine will parse it, so the command it finds is the one that will run.
        """
        words = straighten(text[: MAX_LENGTH + 1]).split()
        if words and words[0].lower() == "/cyps":
            words = words[1:]
        name = self.registry.command_word(words[0]) if words else None
        if name is not None:
            spec = self.registry.get(name)
            return bool(spec and spec.writes_for(words[1:2]))
        try:
            request = parse_request(text, self.registry)
        except CypsError:
            return False
        if request.command:
            spec = self.registry.get(request.command)
            return bool(spec and spec.writes_for(request.args[:1]))
        if not request.args:
            return False
        # free text: a write only if it reads as one ("stop using kent"); most text has no
        # word that could, and is never read twice (nor waits for the understander's build)
        from commands import cues  # the free-text cues only for free text

        if not cues.MIGHT_WRITE.search(straighten(request.text)):
            return False
        spec = self.registry.get(self.understander.command_of(request.text))
        return bool(spec and spec.writes)

    def answer(self, text: str, context: Context) -> Answer:
        """Answer ``text``; every failure becomes an Answer, never an exception."""
        try:
            with StateView():  # one look at the bot's own data per answer
                return self._recalled_or_answered(text, context)
        except CypsError as error:
            return Answer(
                title=error.message,
                suggestions=error.suggestions,
                status=error.status,
                reading=error.reading,
            )
        except StateBusy as error:  # a writer held the lock past the busy timeout
            return Answer(title=str(error), status="busy")
        except Exception:
            import secrets  # only for the reference an unexpected error is logged under

            reference = secrets.token_hex(3)
            log.exception("unexpected error answering a question (ref %s)", reference)
            return Answer(
                title=f"Sorry, something went wrong on our side (reference {reference}).",
                lines=(
                    "Please try again; if it keeps happening, quote the reference to the bot's admin.",
                ),
                status="error",
            )

    def kept(self, text: str, context: Context) -> Answer | None:
        """The answer kept for ``text`` asked in ``context``, if nothing it depends on has
        changed since; None otherwise. It costs a look-up, so a face can give it at once
        where a question to work out would get a time budget."""
        recent = self.recent
        if recent is None or context.now is not None:
            return None
        with StateView():
            return recent.get(recent.key(text, context, self.kb.generation))

    def _recalled_or_answered(self, text: str, context: Context) -> Answer:
        """A question that only reads, asked again with nothing it depends on changed, gets
        the answer kept from before. Not kept: writes, and questions carrying the time of
        asking (``now``: the shell and CLI), whose answers may depend on it."""
        recent = self.recent
        if recent is None or context.now is not None:
            return self._answer(text, context)
        key = recent.key(text, context, self.kb.generation)
        kept = recent.get(key)  # only reads are kept, and the key fixes how the text reads
        if kept is not None:
            return kept
        answer = self._answer(text, context)
        if not self.writes(text):
            recent.put(key, answer)
        return answer

    def _answer(self, text: str, context: Context) -> Answer:
        """The question without its follow-up words (``more``, ``sources``) answered, then
        opened up as they ask; a follow-up cannot wrap a command that records something."""
        request = parse_request(text, self.registry)
        follow_ups, request = unwrap(request, self.registry)
        if follow_ups and self.writes(request.text):
            refuse_writes(follow_ups)
        return follow_up(self._respond(request, context), follow_ups)

    def _respond(self, request: Request, context: Context) -> Answer:
        """The documented syntax is answered as it is; anything else, or a documented-looking
        question the syntax cannot answer, is read by the understander first."""
        if request.command:
            spec = self.registry[request.command]
            if spec.writes_for(request.args[:1]) or spec.admin:  # done as typed, or not at all
                return self._run(request, context)
            if spec.name not in UNDERSTOOD:  # its own words, and its own answers to misses
                return self._run(request, context)
            try:
                answer = self._run(request, context)
            except Forbidden:
                raise
            except CypsError as error:
                return self._reread(request, context, error)
            if answer.ok or answer.status == "error":
                return answer
            return self._reread(request, context, None, answer)
        if not request.args:
            return self._run(request, context)
        return self._run_understood(request, context)

    def _reread(
        self,
        request: Request,
        context: Context,
        error: CypsError | None,
        answer: Answer | None = None,
    ) -> Answer:
        """A documented command that could not be answered ("next checkpoint", "savings 1.4
        2018-19 kent"): answer what the understander reads instead, if that differs."""
        understood = self.understander.read(request.text, self._today(request, context))
        if self._read_only(understood) and understood.reading.documented() != _documented_words(
            request
        ):
            try:
                other = self._run_understood(request, context, understood)
            except CypsError:
                other = None
            if other is not None and other.ok:
                return other
        if error is not None:
            raise error
        assert answer is not None
        return answer

    def _run_understood(
        self, request: Request, context: Context, understood: Understood | None = None
    ) -> Answer:
        understood = understood or self._understood(request, context)
        if understood.impossible_dates:
            raise BadDateInput(
                f'"{understood.impossible_dates[0]}" is not a real date: check the day and month'
            )
        reading = understood.reading
        if request.as_of and not reading.as_of:
            reading = reading.with_(as_of=request.as_of.isoformat())
        if request.over_years and reading.command == "roi":
            reading = reading.with_(over_years=request.over_years)
        read = parse_request(reading.documented(), self.registry)
        read.programme_flag = request.programme_flag or read.programme_flag
        read.over_years = read.over_years or request.over_years
        try:
            answer = self._run(read, context)
        except CypsError as error:
            error.reading = reading
            raise
        offered = tuple(a.documented() for a in understood.alternatives)
        return replace(
            answer,
            read_as=reading.describe(),
            reading=merged(reading, answer.reading),
            suggestions=tuple(dict.fromkeys([*offered, *answer.suggestions]))[:5],
        )

    def _understood(self, request: Request, context: Context) -> Understood:
        return self.understander.read(request.text, self._today(request, context))

    def _read_only(self, understood: Understood) -> bool:
        spec = self.registry.get(understood.reading.command)
        return spec is not None and not spec.writes and not spec.admin

    def _today(self, request: Request, context: Context) -> date:
        return request.as_of or context.today

    def _run(self, request: Request, context: Context) -> Answer:
        scope, args = self.resolve_scope(request, context)
        name = request.command or (FREE_TEXT if args else EMPTY)
        if name == FREE_TEXT:
            # a free question keeps the words that named a programme ("newton europe" is
            # Kent's partner, and what the question is about): only bare ids go
            known = self.catalogue.known
            args = tuple(w for w in request.args if w.lower() not in known) or args
        spec = self.registry[name]
        narrowed_from = 0
        if (
            spec.narrows
            and len(scope.programme_ids) > MANY
            and (spec.narrows == "always" or not args)
        ):
            # an answer a phone can show: the programmes with the latest papers, not all
            recency = self.catalogue.recency
            latest = sorted(scope.programme_ids, key=lambda pid: recency.get(pid, 0))[:MANY]
            narrowed_from = len(scope.programme_ids)
            scope = Scope(tuple(sorted(latest)), scope.how)
        if spec.writes_for(request.args[:1]) and context.read_only:
            raise Forbidden(f"`{spec.name}` changes stored data, so it cannot be run from here.")
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
            self.digests,
            self.papers,
            lambda question: self._run(parse_request(question, self.registry), context),
        )
        answer = offer_paragraphs(call, spec.handler(call))
        if scope.how == "channel" and answer.ok and scope.single:
            answer = replace(answer, notes=(*answer.notes, _channel_note(scope.single)))
        if narrowed_from and answer.ok:
            note = narrowed_note(len(scope.programme_ids), narrowed_from, spec.name)
            answer = replace(answer, notes=(*answer.notes, note))
        return replace(
            answer,
            command=answer.command or spec.name,
            reading=answer.reading or reading_of(call, spec.name, answer),
        )

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
