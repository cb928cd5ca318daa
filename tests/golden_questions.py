"""The questions whose answers are kept in ``tests/golden/``: at least one for every command and
every programme, asked as a board member would, on a fixed day.

Reads come first and writes last, in this order, on one fresh ``state.db``, so the answers after
a write (a delivered saving, a moved gateway) are the same every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DAY = date(2014, 10, 1)  # the board's "today" unless a question says otherwise
LATER = date(2026, 12, 1)  # long after the papers: everything asked about is in the past


@dataclass(frozen=True)
class Golden:
    group: str
    question: str
    day: date = DAY
    admin: bool = False

    @property
    def follows_up(self) -> bool:
        """``more`` and ``sources`` show the whole of an answer, so they may run long."""
        return self.question.split()[0] in {"more", "sources"}


def _general() -> list[Golden]:
    g = "all"
    return [
        Golden(g, "help"),
        Golden(g, "help", admin=True),
        Golden(g, "help savings"),
        Golden(g, "programmes"),
        Golden(g, "savings"),
        Golden(g, "proposals"),
        Golden(g, "phase"),
        Golden(g, "phases"),
        Golden(g, "milestones"),
        Golden(g, "next"),
        Golden(g, "gateway list"),
        Golden(g, "gap"),
        Golden(g, "roi"),
        Golden(g, "check"),
        Golden(g, "strategic partner cost"),
        Golden(g, "total programme cost"),
        Golden(g, "savigns 1.6"),
        Golden(g, "phase 3"),
        Golden(g, "savings 9.9"),
        Golden(g, "next as of 2014-13-45"),
        Golden(g, "more milestones"),
        Golden(g, "more proposals"),
        Golden(g, "sources savings 1.6"),
        Golden(g, "more"),
        Golden("stale", "gateway next", LATER),
        Golden("stale", "checkpoint next", LATER),
        Golden("stale", "next", LATER),
        Golden("stale", "milestones", LATER),
        Golden("stale", "phase", LATER),
        Golden("stale", "reminders", LATER),
    ]


# Per programme: a proposal (where it has any), a day inside one of its phases, a day before
# its later milestones, and a free question about one of its figures.
PROGRAMMES = {
    "haringey-54000": ("", date(2014, 6, 1), date(2014, 6, 1), "lacseg refund"),
    "haringey-fom-2015": ("early years", date(2015, 6, 1), date(2015, 5, 1), "LAC reduction"),
    "haringey-mtfs-2017": ("1.6", date(2017, 4, 15), date(2017, 4, 1), "contact service cost"),
    "harrow-ics-2011": ("staffing", date(2011, 4, 15), date(2011, 9, 1), "redundancy costs"),
    "kent-0-25": ("", DAY, date(2015, 1, 1), "stretch return on investment"),
}


def _reads(pid: str) -> list[Golden]:
    proposal, in_phase, before, figure = PROGRAMMES[pid]
    asked = [
        Golden(pid, f"savings {pid}"),
        Golden(pid, f"proposals {pid}"),
        Golden(pid, f"phase {pid}", in_phase),
        Golden(pid, f"phases {pid}", in_phase),
        Golden(pid, f"gateway next {pid}"),
        Golden(pid, f"checkpoint next {pid}", before),
        Golden(pid, f"next {pid}", before),
        Golden(pid, f"milestones {pid}", before),
        Golden(pid, f"gap {pid}"),
        Golden(pid, f"roi {pid}"),
        Golden(pid, f"check {pid}"),
        Golden(pid, f"{figure} {pid}"),
        Golden(pid, f"reminders {pid}", date(2014, 1, 1)),
        Golden(pid, f"more milestones {pid}", before),
        Golden(pid, f"sources phase {pid}", in_phase),
    ]
    if proposal:
        asked += [
            Golden(pid, f"savings {proposal} {pid}"),
            Golden(pid, f"gap {proposal} {pid}"),
        ]
    return asked


EXTRA = [
    Golden("haringey-54000", "phase 4 haringey-54000"),
    Golden("haringey-54000", "gap haringey-54000 2015-16"),
    Golden("haringey-54000", "sources gap haringey-54000"),
    Golden("haringey-mtfs-2017", "savings 1.1"),
    Golden("haringey-mtfs-2017", "total savings 2017-22 haringey-mtfs-2017"),
    Golden("haringey-mtfs-2017", "savings 1.3"),
    Golden("haringey-mtfs-2017", "savings 1.7"),
    Golden("haringey-mtfs-2017", "proposals amber"),
    Golden("haringey-mtfs-2017", "roi 1.3"),
    Golden("harrow-ics-2011", "phase savings phase 1 harrow-ics-2011"),
    Golden("kent-0-25", "roi kent-0-25 over 3 years"),
    Golden("kent-0-25", "phase implementation kent-0-25"),
]

# Writes, by admins, with what they change read back after.
WRITES = {
    "haringey-54000": [
        "milestone set gateway-2015-03 --programme haringey-54000 --date 2015-03-16",
        "gateway next haringey-54000",
        "history gateway-2015-03",
        "remind leads 7d,1d haringey-54000",
        "actual 1.1 2014-15 10k haringey-54000",
        "rag 1.1 amber haringey-54000",
        "use haringey-54000",
    ],
    "haringey-fom-2015": [
        "actual early-years 2015-16 200k haringey-fom-2015",
        "forecast early-years 2016-17 1m haringey-fom-2015",
        "rag early-years green haringey-fom-2015",
        "history early-years haringey-fom-2015",
        "remind off haringey-fom-2015",
        "milestone add --programme haringey-fom-2015 --kind gateway --date 2015-09-30 "
        "--title Operating model review",
        "use haringey-fom-2015",
    ],
    "haringey-mtfs-2017": [
        "actual 1.6 2017-18 120k",
        "forecast 1.3 2017-18 200k",
        "rag 1.7 amber partners confirmed",
        "savings 1.6",
        "gap haringey-mtfs-2017",
        "proposals haringey-mtfs-2017",
        "history 1.6",
        "remind leads 14d haringey-mtfs-2017",
        "milestone add --programme haringey-mtfs-2017 --kind checkpoint --date 2017-09 "
        "--title Six-month savings check",
        "use haringey-mtfs-2017",
    ],
    "harrow-ics-2011": [
        "actual staffing 2012-13 300k harrow-ics-2011",
        "forecast staffing 2013-14 150k harrow-ics-2011",
        "rag staffing amber harrow-ics-2011",
        "history staffing harrow-ics-2011",
        "remind leads 1d harrow-ics-2011",
        "milestone set go-live --programme harrow-ics-2011 --date 2011-11-07",
        "use harrow-ics-2011",
    ],
    "kent-0-25": [
        "milestone add --programme kent-0-25 --kind gateway --date 2015-03-02T10:00 "
        "--title Implementation gateway",
        "gateway next kent-0-25",
        "actual 1.1 2015-16 10k kent-0-25",
        "rag 1.1 red kent-0-25",
        "history implementation-gateway",
        "remind leads 7d,1d kent-0-25",
        "use kent-0-25",
    ],
}


def goldens() -> list[Golden]:
    asked = _general()
    for pid in PROGRAMMES:
        asked += _reads(pid)
    asked += EXTRA
    for pid, questions in WRITES.items():
        asked += [Golden(f"{pid}-writes", q, admin=True) for q in questions]
    return asked
