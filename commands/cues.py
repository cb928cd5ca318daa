"""The forms of a question that say what it is asking, as small tables of words and patterns.

Each table is about a form of English, never about one question: "when was ..." asks about the
past, "how much will X save" asks for savings, "who is responsible for X" asks for a proposal's
owner. The understander reads them after typos are corrected and periods taken out.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.ASCII

GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon|evening)|help me|help|"
    r"what can (?:you|u|i) (?:do|ask)|what do you do|what (?:can|should) i ask|how do i use"
    r"(?: this| you| it)?|how does (?:this|it) work|commands|menu|start|getting started)\b"
    r"[\s?!.,]*(?:please|pls|thanks|thank you|cyps|bot|there|you|there cyps)?[\s?!.]*$",
    _FLAGS,
)
NEXT_WORDS = frozenset({"next", "upcoming", "coming", "forthcoming", "soonest", "future", "ahead"})
LAST_WORDS = frozenset(
    {"last", "previous", "latest", "recent", "past", "prior", "preceding", "earlier", "most recent"}
)
LIST_WORDS = frozenset({"all", "list", "every", "each", "schedule"})
RAG_WORDS = {"red": "red", "amber": "amber", "green": "green", "blue": "blue", "rag": ""}
# Words that ask for the programme's list of something, not one item.
PLURAL_KINDS = {"gateways": "gateway", "checkpoints": "checkpoint"}
KIND_WORDS = {"gateway": "gateway", "checkpoint": "checkpoint", **PLURAL_KINDS}

# Question forms: pattern -> the command it asks for. Checked in order; the first that fits
# a question wins, after the command words themselves.
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (command, re.compile(pattern, _FLAGS))
    for command, pattern in (
        ("compare", r"\b(?:compare|comparison|versus|vs|against each other|difference between)\b"),
        ("check", r"\b(?:audit|add up|adds up|arithmetic|sums|errors?|mistakes?|discrepanc\w*)\b"),
        (
            "gap",
            r"\b(?:gap|gaps|shortfall|short fall|how short|funding gap|unfunded|underfunded)\b",
        ),
        (
            "roi",
            r"\b(?:roi|return on investment|returns?|payback|pay back|pays back|value for money|benefit cost|cost benefit|ratio)\b",
        ),
        (
            "savings",
            r"\bhow much (?:will|would|does|did|do|can|could|is|are)\b.*\b(?:save|saving|savings)\b",
        ),
        (
            "savings",
            r"\b(?:who|whos|who's)\b.*\b(?:responsible|in charge|owns?|leads?|accountable|owner|running)\b",
        ),
        ("savings", r"\b(?:owner|responsible officer|lead officer)\b"),
        (
            "milestones",
            r"\b(?:what(?:'s| is| are)?|anything|whats)\b.*\bdue\b|\bdeadlines?\b|\bkey dates\b|\btimeline\b",
        ),
        (
            "phase",
            r"\bhow far (?:through|into|along|in)\b|\b(?:over|under) budget\b|\boverspen\w*\b",
        ),
        (
            "phase",
            r"\bwhich (?:phase|stage)\b|\bwhat (?:phase|stage)\b|\bcurrent (?:phase|stage)\b",
        ),
        (
            "programmes",
            r"\b(?:which|what) programmes\b|\bprogrammes (?:do you|you) (?:know|have|cover)\b",
        ),
    )
)
WHEN = re.compile(r"^\s*(?:when|what date|what day|which date|by when|what time)\b", _FLAGS)
PAST_TENSE = re.compile(r"\b(?:was|were|did|happened|held|took place|has been|had)\b", _FLAGS)
OVER_YEARS = re.compile(
    r"\b(?:over|across|for|in|within)\s+(?:the\s+(?:first|next)\s+)?"
    r"([0-9]+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\b",
    _FLAGS,
)
AS_OF_CUE = re.compile(r"\b(?:as (?:of|at)|on|at|by|for|from)\s*$", _FLAGS)
REF = re.compile(r"^[0-9]+(?:\.[0-9]+)+$", re.ASCII)
PHASE_NUMBER = re.compile(
    r"\b(?:phase|stage)\s+([0-9]+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(first|second|third|fourth|fifth)\s+(?:phase|stage)\b",
    _FLAGS,
)
