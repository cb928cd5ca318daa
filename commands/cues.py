"""The forms of a question that say what it is asking, as small tables of words and patterns.

Each table is about a form of English, never about one question: "when was ..." asks about the
past, "how much will X save" asks for savings, "who is responsible for X" asks for a proposal's
owner. The understander reads them after typos are corrected and periods taken out.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.ASCII

GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon|evening)|help me|help|"
    r"what can (?:you|u|i) (?:do|ask)(?: you)?|what do you do|what (?:can|should) i ask(?: you)?|"
    r"how do i use(?: this| you| it)?|how does (?:this|it) work|(?:what|which) commands"
    r"(?: are there| do you have| can i use)?|list (?:the )?commands|commands|menu|start|"
    r"getting started)\b)?[\s?!.,]*(?:please|pls|thanks|thank you|cyps|bot|there|you)?[\s?!.]*$",
    _FLAGS,
)
# "how does the gap command work", "what does roi do", "help with milestones"
HELP_ON = re.compile(
    r"\bhow (?:does|do i use|do you use|to use|do i) (?:the )?(\w+)(?: command)? work\b"
    r"|\bhow (?:do i use|do you use|to use) (?:the )?(\w+)\b"
    r"|\bwhat does (?:the )?(\w+)(?: command)? do\b|\bhelp (?:with|on|for) (?:the )?(\w+)\b",
    _FLAGS,
)
# Clearing or changing the channel's default programme in words.
USE_NONE = re.compile(
    r"\b(?:clear|remove|reset|drop|forget|unset|delete)\b.*\bdefault\b|\bstop using\b"
    r"|\bno (?:default|programme) default\b|\bno default\b",
    _FLAGS,
)
USE_THIS = re.compile(
    r"\b(?:switch|change|set|move|make)\b.*\b(?:channel|default|to)\b|\bdefault (?:to|is)\b",
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

# Forms that say what is asked more surely than any command word in the same question
# ("do the sums add up in the proposals" is a check, "kent vs harrow roi" a comparison).
STRONG_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (command, re.compile(pattern, _FLAGS))
    for command, pattern in (
        (
            "compare",
            r"\b(?:compare|compared|comparison|versus|vs|v|against each other|difference between|which (?:has|is) (?:the )?(?:better|bigger|higher|larger|best|worse|lower))\b",
        ),
        ("check", r"\b(?:audit|add up|adds up|arithmetic|sums|errors?|mistakes?|discrepanc\w*)\b"),
    )
)
# Question forms: pattern -> the command it asks for. Checked in order; the first that fits
# a question wins, after the command words themselves.
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (command, re.compile(pattern, _FLAGS))
    for command, pattern in (
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
# Words without which free text cannot read as a write (only ``use`` is ever read from it).
MIGHT_WRITE = re.compile(
    r"\b(?:use|using|default|switch|change|set|move|make|clear|remove|reset|drop|forget|unset|delete)\b",
    _FLAGS,
)
RETURN = re.compile(r"\b(?:roi|return|returns|payback|pay back|value for money|ratio)\b", _FLAGS)
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
    r"|\b(first|second|third|fourth|fifth|[0-9]+)\s+(?:phase|stage)\b",
    _FLAGS,
)
# Words a command's own answer explains: a gap question that says "funding", a return
# question that says "investment", a savings question that names a scenario.
COMMAND_TERMS = {
    "gap": frozenset(
        ["funding", "funded", "cost", "costs", "identified", "target", "delivery", "big", "size"]
    ),
    "roi": frozenset(
        ["investment", "invested", "benefit", "benefits", "ratio", "net", "cost", "costs"]
    ),
    "savings": frozenset(["planned", "target", "identified", "profile", "total"]),
}
SCENARIO_WORDS = frozenset(["target", "stretch", "low", "high", "worst", "case", "best"])
# Words a question form explains (they are not what the question is about).
EXPLAINED = frozenset(
    [
        "how",
        "when",
        "which",
        "who",
        "whose",
        "whom",
        "responsible",
        "charge",
        "accountable",
        "payback",
        "pays",
        "back",
        "return",
        "going",
        "happening",
        "happen",
        "happened",
        "going",
        "coming",
        "up",
        "due",
        "whats",
        "far",
        "through",
        "along",
        "into",
        "compare",
        "versus",
        "vs",
        "v",
        "better",
        "bigger",
        "higher",
        "best",
        "worse",
        "lower",
        "difference",
        "between",
        "channel",
        "default",
        "switch",
        "change",
        "set",
        "stop",
        "using",
        "clear",
        "remove",
        "reset",
        "command",
        "commands",
        "work",
        "ask",
        "tell",
        "know",
        "show",
        "give",
        "brief",
        "summary",
        "update",
        "status",
    ]
)
