"""The lines of ``help``'s listing: commands that share a line name the same one here, so the
listing stays one screen on a phone however many commands there are."""

from __future__ import annotations

SAVINGS = "savings by year, a proposal's or a programme's; every proposal with its RAG"
PHASES = "the phase running, or the one named; every phase"
DATES = "dates, how far off, and what each decides"
MONEY = "gaps, return on investment and payback; two things side by side"
AUDIT = "where the papers' own totals do not add up; a chart of the figures"
KNOWN = "what I know, and this channel's default programme"
PAPERS = "the added papers' text; the whole of an answer, or every place it used"
RECORD = "who changed what; the reminders to come; the board digest"
