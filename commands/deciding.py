"""Decide what a question asks from its clues: the command, then what it is about.

The order is the order of certainty: a greeting; a form that says surely what is asked
(a comparison, a check of the sums); the command words themselves, the more specific first
("savings gap" is a gap); other question forms ("who is responsible for X"); and last what the
question names (a proposal alone asks for its savings). When words are left that none of that
explains ("the LAC reduction assumption"), the question is about something the knowledge base
holds under another name: a figure, a table row or a milestone, which the search finds.
"""

from __future__ import annotations

from commands import cues
from commands.clues import Clues
from commands.reading import Reading
from commands.search import asks_for, content_words, rank_hits, search_for
from commands.vocabulary import COMMAND_OF_WORD, meaning, words_of
from knowledge.queries import KnowledgeBase

# When a question names several commands, the more specific one wins.
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
# Commands whose answer is about what the question names; words it leaves unexplained may
# mean the question is really about a figure or milestone of that name.
NAMING = frozenset(
    {"savings", "phase", "proposals", "programmes", "milestones", "ask", "gap", "roi"}
)
MEASURES = ("savings", "gap", "roi")
COST = meaning("cost")  # the word every word for a cost is compared as


def _command(clues: Clues) -> tuple[str, bool]:
    """The command a question asks for, and whether its own words said so (a command word or
    a question form) rather than only what it names."""
    command = _asked(clues)
    if command is not None:
        return command, True
    if clues.kinds:
        return clues.kinds[0], True
    if clues.phase_number or clues.phases:
        return "phase", False
    if clues.proposals or clues.refs or clues.unsure:
        return "savings", False
    if clues.rag:
        return "proposals", False
    if clues.periods.months:
        return "milestones", False
    return "ask", False


def command_for(clues: Clues) -> str:
    """The command a question's clues ask for, before any search."""
    return _command(clues)[0]


def _asked(clues: Clues) -> str | None:
    """The command a question's own words ask for, if they do."""
    named = set(clues.commands)
    if cues.GREETING.match(clues.text) and not (clues.proposals or clues.programmes or clues.refs):
        return "help"
    asked = cues.HELP_ON.search(clues.text)
    if asked and next(g for g in asked.groups() if g) in COMMAND_OF_WORD:
        return "help"
    if cues.USE_NONE.search(clues.text):
        return "use"
    if cues.USE_THIS.search(clues.text) and len(clues.programmes) == 1:
        return "use"
    for command, pattern in cues.STRONG_FORMS:
        if pattern.search(clues.text) and (command != "compare" or len(clues.named) >= 2):
            return command
    for command in PRIORITY:
        if command in named:
            if command == "savings" and ("gap" in named or "roi" in named):
                continue
            return command
    for command, pattern in cues.FORMS:
        if pattern.search(clues.text):
            return command
    return None


def _subjects(clues: Clues) -> list[str]:
    """The proposals a question names, refs first (a ref is exact), as refs or ids; a name
    that several programmes' proposals share stays as typed, so the answer asks which."""
    named = [p.ref or p.id for p in clues.proposals]
    return list(dict.fromkeys([*clues.refs, *named, *(phrase for _, phrase in clues.unsure)]))


def _found_elsewhere(clues: Clues, kb: KnowledgeBase, command: str, said: bool) -> bool:
    """Whether the words nothing else explains name a figure, row or milestone: the search's
    best hit for the question is one, and it says one of those words left over. A proposal
    named with a word for a cost ("contact service cost") and no command asks for a cost, not
    its savings, so that word counts as unexplained too."""
    explained = cues.COMMAND_TERMS.get(command, frozenset())
    if command in {"savings", "roi", "gap"}:
        explained |= cues.SCENARIO_WORDS
    leftover = [w for w in clues.leftover if w not in explained]
    named: set[str] = set()  # words the hit must also say: the name the cost is of
    if command == "savings" and not said and not leftover:
        leftover = [
            w for i, w in enumerate(clues.words) if meaning(w) == COST and not clues.in_name(i)
        ]
        named = {meaning(w) for phrase in clues.proposal_phrases for w in words_of(phrase)}
    if not leftover:
        return False
    question = content_words(" ".join(clues.words))
    hits = search_for(kb, question, clues.programmes)
    ranked = rank_hits(kb, question, hits, asks_for(question))
    if not ranked:
        return False
    best = ranked[0]
    wanted = {"figure", "row"} if command in {"gap", "roi"} else {"figure", "row", "milestone"}
    if best["kind"] not in wanted:
        return False
    says = {meaning(w) for w in words_of(f"{best['name']} {best['text']}")}
    return any(meaning(word) in says for word in leftover) and named <= says


def decide(clues: Clues, kb: KnowledgeBase) -> tuple[Reading, list[Reading]]:
    """The likelier reading, and the others close behind it (offered as suggestions)."""
    command, said = _command(clues)
    others: list[str] = []
    if command in NAMING and _found_elsewhere(clues, kb, command, said):
        others.append(command)
        command = "ask"
    elif not said and command == "savings":
        others.extend(["gap", "roi"])  # a proposal named alone: its savings, or these
    reading = _reading(clues, command)
    return reading, [_reading(clues, other) for other in others]


def _reading(clues: Clues, command: str) -> Reading:
    periods = clues.periods
    as_of = periods.days[0].isoformat() if periods.days else None
    direction = None
    if command in {"gateway", "checkpoint"}:
        past = cues.PAST_TENSE.search(clues.text) and cues.WHEN.search(clues.text)
        direction = clues.direction or ("last" if past else "next")
    if command == "milestones" and clues.direction == "next" and "milestones" not in clues.words:
        command = "next"  # "the next milestone" is one milestone, the next of any kind
    if command == "next":
        direction = "next"
    subject: str | None = None
    if command in {"savings", "gap", "roi", "history"}:
        subject = next(iter(_subjects(clues)), None)
    elif command == "phase":
        subject = clues.phase_number or (clues.phases[0].id if clues.phases else None)
    elif command == "help":
        topics = [w for w in clues.words if w in COMMAND_OF_WORD and w != "help"]
        subject = COMMAND_OF_WORD[topics[0]] if topics else None
    elif command == "use":
        if "all" in clues.words:
            subject = "all"
        elif cues.USE_NONE.search(clues.text) or {"none", "nothing", "off"} & set(clues.words):
            subject = "none"
        else:
            subject = clues.programmes[0] if len(clues.programmes) == 1 else None
    compare: tuple[str, ...] = ()
    measure = None
    if command == "compare":
        compare = tuple(dict.fromkeys(name for _, name in clues.named))
        measure = next((c for c in clues.commands if c in MEASURES), None)
        if measure is None and cues.RETURN.search(clues.text):
            measure = "roi"
    # a free question's words, less a programme's id (said once, as its scope); an alias
    # stays, since it may be what the question is about ("newton europe" is Kent's partner)
    words: tuple[str, ...] = (
        tuple(w for w in clues.words if w not in clues.programmes) if command == "ask" else ()
    )
    return Reading(
        command=command,
        words=words,
        programmes=() if command == "compare" else clues.programmes,
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
