"""Read any question as the request the documented syntax makes: which command, which
programmes, what it is about, which years or months or date, which direction, which filter.

Deterministic and explainable: typos are corrected against known words (``vocabulary``),
periods found by form (``periods``), names found by phrase (``knowledge.phrases``), and the
command decided by small tables of words and question forms (``cues``), never by a rule for
one question. The vocabulary comes from the knowledge base, so a new programme file is
understood without a code change. The result says how the text was read, so a wrong reading
shows at once ("Read as: savings 1.4 for 2018-19").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commands import cues
from commands.parsing import straighten
from commands.periods import Periods, scan_periods
from commands.reading import Reading
from commands.vocabulary import (
    COMMAND_OF_WORD,
    NUMBER_WORDS,
    Correction,
    Vocabulary,
    words_of,
)
from knowledge.matching import ProgrammeMatcher
from knowledge.model import Phase, Programme, Proposal
from knowledge.phrases import Found, PhraseIndex
from knowledge.queries import KnowledgeBase

# When a question names several commands, the more specific one wins ("savings gap" is a gap).
PRIORITY = (
    "compare",
    "use",
    "help",
    "history",
    "reminders",
    "check",
    "gap",
    "roi",
    "gateway",
    "checkpoint",
    "phases",
    "phase",
    "milestones",
    "next",
    "proposals",
    "programmes",
    "savings",
)


@dataclass
class Clues:
    """What a question mentions, after typos are corrected and periods taken out."""

    text: str
    words: list[str]
    corrections: list[Correction]
    periods: Periods
    programmes: tuple[str, ...] = ()
    refs: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    phase_number: str | None = None
    commands: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    direction: str | None = None
    rag: str | None = None
    over_years: int | None = None


@dataclass(frozen=True)
class Understood:
    reading: Reading
    corrections: tuple[Correction, ...] = ()
    documented: bool = False  # the text was already the documented syntax


class Understander:
    """Built once per knowledge-base generation (its vocabulary is the knowledge base's)."""

    def __init__(self, kb: KnowledgeBase, programmes: list[Programme], matcher: ProgrammeMatcher):
        self.generation = kb.generation
        self.matcher = matcher
        proposals = kb.proposals()
        phases = [ph for p in programmes for ph in kb.phases(p.id)]
        self.proposal_phrases: PhraseIndex[Proposal] = PhraseIndex(
            (phrase, p)
            for p in proposals
            for phrase in (p.name, *p.aliases, *([p.id.replace("-", " ")] if not p.ref else []))
            if len(phrase) >= 3
        )
        self.phase_phrases: PhraseIndex[Phase] = PhraseIndex(
            (ph.name, ph) for ph in phases if not ph.name.lower().startswith("phase ")
        )
        milestone_titles = [m.title for m in kb.milestones()]
        figure_labels = [f"{f.measure} {f.subject}" for f in kb.figures() if f.table_id is None]
        self.vocabulary = Vocabulary.of(
            [
                *(a for p in programmes for a in (p.id, p.council, p.title, *p.aliases)),
                *(phrase for p in proposals for phrase in (p.name, *p.aliases)),
                *(ph.name for ph in phases),
                *milestone_titles,
                *figure_labels,
            ]
        )

    def read(self, text: str, today: date) -> Understood:
        clean = straighten(text)
        if clean.lower().startswith("/cyps"):
            clean = clean[5:].strip()
        clues = self.clues(clean, today)
        return Understood(_decide(clues), tuple(clues.corrections))

    def clues(self, text: str, today: date) -> Clues:
        periods = scan_periods(text, today)
        rest = periods.without(text)
        over = cues.OVER_YEARS.search(rest)
        over_years = None
        if over:
            word = over.group(1).lower()
            over_years = NUMBER_WORDS.get(word) or int(word)
            rest = (rest[: over.start()] + " " + rest[over.end() :]).strip()
        words, corrections = self.vocabulary.correct_all(words_of(rest))
        lowered = " ".join(words)
        clues = Clues(lowered, words, corrections, periods, over_years=over_years)
        self._names(clues)
        self._words(clues)
        return clues

    def _names(self, clues: Clues) -> None:
        """Proposals, phases and programmes named, longest phrase first where they overlap."""
        text = clues.text
        found: list[tuple[str, Found[Proposal] | Found[Phase]]] = [
            *(("proposal", f) for f in self.proposal_phrases.find(text)),
            *(("phase", f) for f in self.phase_phrases.find(text)),
        ]
        taken: list[tuple[int, int]] = []
        for kind, hit in sorted(found, key=lambda kf: -(kf[1].end - kf[1].start)):
            if any(hit.start < end and start < hit.end for start, end in taken):
                continue
            taken.append((hit.start, hit.end))
            if kind == "proposal":
                clues.proposals.extend(m for m in hit.meanings if isinstance(m, Proposal))
            else:
                clues.phases.extend(m for m in hit.meanings if isinstance(m, Phase))
        remaining = text
        for start, end in sorted(taken, reverse=True):
            remaining = remaining[:start] + " " + remaining[end:]
        programmes, _ = self.matcher.mentions(remaining, frozenset(COMMAND_OF_WORD))
        clues.programmes = programmes
        clues.refs = [w for w in clues.words if cues.REF.match(w)]

    def _words(self, clues: Clues) -> None:
        words = clues.words
        for index, word in enumerate(words):
            command = COMMAND_OF_WORD.get(word)
            if command:
                clues.commands.append(command)
            if word in cues.KIND_WORDS:
                clues.kinds.append(cues.KIND_WORDS[word])
                if word in cues.PLURAL_KINDS and clues.direction is None:
                    clues.direction = "list"
            if cues.RAG_WORDS.get(word):
                clues.rag = cues.RAG_WORDS[word]
            if word in cues.NEXT_WORDS and (index == 0 or words[index - 1] != "what's"):
                clues.direction = "next"
            elif word in cues.LAST_WORDS:
                clues.direction = "last"
            elif word in cues.LIST_WORDS and clues.direction is None:
                clues.direction = "list"
        number = cues.PHASE_NUMBER.search(clues.text)
        if number:
            value = (number.group(1) or number.group(2)).lower()
            clues.phase_number = str(NUMBER_WORDS.get(value) or value)


def _subjects(clues: Clues) -> list[str]:
    """The proposals a question names, refs first (a ref is exact), as refs or ids."""
    named = [p.ref or p.id for p in clues.proposals]
    return list(dict.fromkeys([*clues.refs, *named]))


def _command(clues: Clues) -> str:
    """The command a question asks for: its command words, else its form, else what it names."""
    named = set(clues.commands)
    if cues.GREETING.match(clues.text) and not (clues.proposals or clues.programmes):
        return "help"
    for command in PRIORITY:
        if command in named:
            if command == "savings" and ("gap" in named or "roi" in named):
                continue
            return command
    for command, pattern in cues.FORMS:
        if pattern.search(clues.text):
            return command
    if clues.kinds:
        return clues.kinds[0]
    if clues.phase_number or clues.phases:
        return "phase"
    if clues.proposals or clues.refs:
        return "savings"
    if clues.rag:
        return "proposals"
    if clues.periods.months:
        return "milestones"
    return "ask"


def _decide(clues: Clues) -> Reading:
    command = _command(clues)
    periods = clues.periods
    as_of = periods.days[0].isoformat() if periods.days else None
    direction = None
    if command in {"gateway", "checkpoint"}:
        direction = clues.direction or (
            "last"
            if cues.PAST_TENSE.search(clues.text) and cues.WHEN.search(clues.text)
            else "next"
        )
    if command == "milestones" and periods.months is None and as_of is None and periods.days:
        as_of = periods.days[0].isoformat()
    subject: str | None = None
    if command in {"savings", "gap", "roi", "history"}:
        subject = next(iter(_subjects(clues)), None)
    elif command == "phase":
        subject = clues.phase_number or (clues.phases[0].id if clues.phases else None)
    elif command == "help":
        topics = [w for w in clues.words if w in COMMAND_OF_WORD and w != "help"]
        subject = COMMAND_OF_WORD[topics[0]] if topics else None
    elif command == "use":
        cleared = {"none", "all", "nothing", "off", "clear", "reset"} & set(clues.words)
        subject = (
            "none" if cleared else (clues.programmes[0] if len(clues.programmes) == 1 else None)
        )
    compare: tuple[str, ...] = ()
    measure = None
    if command == "compare":
        compare = tuple(_subjects(clues)) or clues.programmes
        measure = next((c for c in clues.commands if c in {"savings", "gap", "roi"}), None)
    words: tuple[str, ...] = ()
    if command == "ask":
        words = tuple(clues.words)
    return Reading(
        command=command,
        words=words,
        programmes=clues.programmes,
        subject=subject,
        years=tuple(periods.years),
        months=periods.months if command in {"milestones", "next"} else None,
        as_of=as_of,
        direction=direction,
        rag=clues.rag if command == "proposals" else None,
        over_years=clues.over_years if command == "roi" else None,
        compare=compare,
        measure=measure,
    )
