"""The words the bot knows, and typo correction against them.

Two kinds of words: the bot's own language (command words and their everyday synonyms, fixed
here), and the knowledge base's (programme names and aliases, proposal names and aliases,
phase names, milestone titles, figure labels), collected from whatever programmes are loaded,
so a new programme file is understood without a code change.

A word the vocabulary does not know is corrected to the nearest one it does, within an edit
distance that grows with the word's length (one edit up to seven letters, two from eight), and
only when one candidate is nearest; a short word is only ever completed to a command word it
begins (``sav`` to ``savings``), never fuzzily matched, so ``sav`` cannot mean safeguarding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from commands.english import english_words

# Everyday words for each command (the first is the command's own name).
COMMAND_WORDS: dict[str, tuple[str, ...]] = {
    "savings": ("savings", "saving", "save", "saves", "saved"),
    "proposals": ("proposals", "proposal"),
    "phase": ("phase", "stage"),
    "phases": ("phases", "stages"),
    "gateway": ("gateway", "gateways"),
    "checkpoint": ("checkpoint", "checkpoints"),
    "next": ("next",),
    "milestones": ("milestones", "milestone", "deadlines", "deadline", "timeline", "timetable"),
    "gap": ("gap", "gaps", "shortfall", "shortfalls"),
    "roi": ("roi", "return", "returns", "payback"),
    "check": ("check", "audit"),
    "compare": ("compare", "comparison", "versus", "vs"),
    "programmes": ("programmes", "programs"),
    "use": ("use",),
    "help": ("help",),
    "reminders": ("reminders", "reminder"),
    "history": ("history",),
}
COMMAND_OF_WORD = {word: command for command, words in COMMAND_WORDS.items() for word in words}

# Words that carry meaning for the reader but are not names: kept, never "corrected".
PLAIN_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cost",
        "costs",
        "costing",
        "could",
        "current",
        "currently",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "due",
        "during",
        "each",
        "else",
        "ever",
        "every",
        "far",
        "few",
        "figure",
        "figures",
        "first",
        "for",
        "from",
        "get",
        "give",
        "go",
        "going",
        "got",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "hi",
        "hello",
        "hey",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "last",
        "latest",
        "least",
        "less",
        "let",
        "like",
        "list",
        "many",
        "may",
        "me",
        "more",
        "most",
        "much",
        "my",
        "need",
        "new",
        "next",
        "no",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "please",
        "previous",
        "recent",
        "right",
        "same",
        "say",
        "see",
        "shall",
        "she",
        "should",
        "show",
        "so",
        "some",
        "still",
        "such",
        "tell",
        "than",
        "thanks",
        "thank",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "today",
        "too",
        "total",
        "under",
        "until",
        "up",
        "upcoming",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "would",
        "yes",
        "yet",
        "you",
        "your",
        "behind",
        "ahead",
        "late",
        "early",
        "over-budget",
        "budget",
        "spend",
        "spent",
        "planned",
        "plan",
        "target",
        "targets",
        "money",
        "cheers",
        "morning",
        "afternoon",
        "evening",
        "good",
        "great",
        "ok",
        "okay",
        "sure",
        "responsible",
        "owner",
        "owns",
        "lead",
        "leads",
        "person",
        "officer",
        "who's",
        "what's",
        "amber",
        "red",
        "green",
        "blue",
        "rag",
        "status",
        "risk",
        "risky",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "quarter",
        "quarters",
        "date",
        "dates",
        "day",
        "days",
    ]
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
# Everyday words that mean what a paper's word means: a question says "worth", the paper
# "cost"; "turned up", "attendance". Each group's first word is how it is compared.
SAME_MEANING: tuple[tuple[str, ...], ...] = (
    ("cost", "costs", "costing", "worth", "price", "fee", "fees", "pay", "paying", "spend"),
    ("attendance", "attended", "attendees", "attend", "turned", "came"),
    ("duration", "long", "length", "take", "takes", "weeks", "last", "lasts"),
    ("maximum", "cap", "capped", "max", "limit", "ceiling"),
    ("annual", "yearly", "year", "annually", "recurring"),
    ("shortfall", "deficit", "gap"),
    ("responses", "response", "respondents", "replied", "replies", "written"),
    ("assumption", "assume", "assuming", "assumed", "assumes"),
    ("reduction", "reduce", "reducing", "fewer", "cut", "cuts", "fall"),
    ("transfer", "moves", "move", "moving", "shift", "shifts"),
    ("staff", "employees", "workforce", "people"),
    ("savings", "saving", "save", "saves", "saved"),
    ("agreed", "approved", "approves", "approve", "signed"),
    ("start", "starts", "begin", "begins", "began", "kick", "launch", "launched"),
    ("end", "ends", "finish", "finishes", "complete", "completes", "completed"),
)
MEANING_OF = {word: group[0] for group in SAME_MEANING for word in group}


def meaning(word: str) -> str:
    """The word a paper would use for ``word``, cut to its first five letters so that
    "placements" meets "placement" and "assumption" meets "assuming"."""
    return MEANING_OF.get(word, word)[:5]


_WORD = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*", re.ASCII)


def words_of(text: str) -> list[str]:
    """Lower-case words, keeping refs (``1.6``), ids (``kent-0-25``) and ``what's`` whole."""
    return _WORD.findall(text.lower())


def max_edits(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Correction:
    typed: str
    meant: str


@dataclass
class Vocabulary:
    """The known words: the bot's own, the stop words, and the knowledge base's names."""

    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Vocabulary:
        """A vocabulary knowing every word of ``phrases`` (names, aliases, titles, labels)."""
        return cls(frozenset(w for phrase in phrases for w in words_of(phrase)))

    def __post_init__(self) -> None:
        ours = frozenset(COMMAND_OF_WORD) | PLAIN_WORDS | frozenset(NUMBER_WORDS) | self.names
        self.known = ours | english_words()
        # what a typo is corrected towards: our words and the names, never all of English
        self._candidates = sorted(w for w in ours if len(w) >= 3 and not w.isdigit())
        self._seen: dict[str, str] = {}  # corrections already worked out (words repeat)

    def correct(self, word: str) -> str:
        """The word as typed if known (or a number, ref or id), else the nearest known word."""
        meant = self._seen.get(word)
        if meant is None:
            meant = _correct(self, word)
            if len(self._seen) < 50_000:  # bounded: people can type any number of words
                self._seen[word] = meant
        return meant

    def correct_all(self, words: list[str]) -> tuple[list[str], list[Correction]]:
        fixed, corrections = [], []
        for word in words:
            meant = self.correct(word)
            fixed.append(meant)
            if meant != word:
                corrections.append(Correction(word, meant))
        return fixed, corrections


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _nearest(candidates: list[str], word: str) -> str | None:
    limit = max_edits(word)
    if not limit:
        return None
    from rapidfuzz import process  # a typo's nearest word; exact words never import it
    from rapidfuzz.distance import DamerauLevenshtein

    found = process.extract(
        word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=3
    )
    if not found:
        return None
    best = found[0][1]
    nearest = [choice for choice, distance, _ in found if distance == best]
    if len({COMMAND_OF_WORD.get(choice, choice) for choice in nearest}) == 1:
        return nearest[0]  # one meaning ("milestons": milestone or milestones)
    # Two as near: a typo keeps its first letter and its length far more often than not
    # ("knet" is kent, not net).
    alike = [c for c in nearest if c[0] == word[0] and len(c) == len(word)]
    return alike[0] if len(alike) == 1 else None


def _correct(vocabulary: Vocabulary, word: str) -> str:
    if word in vocabulary.known or _has_digit(word) or "-" in word:
        return word
    completions = [w for w in COMMAND_OF_WORD if len(word) >= 3 and w.startswith(word)]
    if len({COMMAND_OF_WORD[w] for w in completions}) == 1:
        return min(completions, key=len)
    return _nearest(vocabulary._candidates, word) or word
