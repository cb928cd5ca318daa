"""Time paper search on 500 added papers, and indexing speed in pages per second.

Run by hand: ``.venv/bin/python -m benchmarks.papers_bench`` (needs the test extra, for fpdf2).
The papers are made up here (random council prose from a fixed seed, with numbered sections,
tables and abbreviations they define), never copies of real ones.

Search is timed three ways in each round, in the same process on the same index: our
``PaperStore.search`` (typo correction, bm25 with weights, snippet with bold, the join to the
passage and paper), the whole ``/cyps search`` answer through the engine, and two baselines: an
FTS5 ``MATCH`` of the same quoted words returning three rowids with no ranking or snippet, and
one indexed SQLite lookup of a paragraph by number. Target: search p99 under 20 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from bot.runtime import Runtime
from commands.call import Context
from knowledge.dates import LONDON
from knowledge.papers.lines import text_lines
from knowledge.papers.passages import split_passages
from knowledge.papers.reading import read_paper_file
from knowledge.state.papers import PaperStore

PAPERS = 500
ROUNDS = 3
WARMUP = 20
PDFS = 12
SEED = 20260105
AT = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
TODAY = Context(today=date(2015, 3, 1))

COMMON = [
    "the",
    "council",
    "board",
    "will",
    "service",
    "families",
    "children",
    "young",
    "people",
    "support",
    "early",
    "help",
    "programme",
    "savings",
    "budget",
    "year",
    "plan",
    "model",
    "social",
    "care",
    "partner",
    "team",
    "staff",
    "outcomes",
    "cost",
    "funding",
    "reserve",
    "review",
    "report",
    "cabinet",
    "phase",
    "gateway",
    "checkpoint",
    "risk",
    "delivery",
    "demand",
    "placements",
    "foster",
    "care",
    "leavers",
    "adoption",
    "school",
    "health",
    "locality",
    "hub",
    "front",
    "door",
    "referral",
    "assessment",
    "commissioning",
    "contract",
    "procurement",
    "workforce",
    "agency",
    "manager",
    "director",
    "officer",
    "strategy",
    "priority",
    "target",
    "forecast",
    "actual",
    "spend",
    "grant",
    "income",
    "transformation",
    "implementation",
]
ABBREVIATIONS = [
    ("MTFS", "Medium Term Financial Strategy"), ("LAC", "Looked After Children"),
    ("FGC", "Family Group Conferencing"), ("MASH", "Multi Agency Safeguarding Hub"),
    ("IRO", "Independent Reviewing Officer"), ("DSG", "Dedicated Schools Grant"),
    ("SEND", "Special Educational Needs Disabilities"), ("KPI", "Key Performance Indicator"),
]  # fmt: skip
QUERIES = [
    "strategic partner", "MTFS", "savings target 2016", "foster placements", "KPIs",
    "what are the risks to delivery", "gateway review", "strategc partnr", "front door referrals",
    'NEAR("savings" OR budget)', "adoption allowances", "Looked After Children", "MASH",
    "workforce agency staff", "funding gap", "x-ray -^* :", "locality hub model",
    "commissioning contract", "savings", "early help",
]  # fmt: skip


def made_up_words(rng: random.Random, count: int) -> list[str]:
    """Invented words, so the vocabulary is as large as a real set of papers'."""
    syllables = [
        "ba",
        "ca",
        "de",
        "fo",
        "gu",
        "li",
        "mo",
        "na",
        "pe",
        "ri",
        "so",
        "ta",
        "vu",
        "we",
        "xo",
        "ya",
        "zi",
        "bro",
        "cla",
        "dre",
    ]
    return ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(count)]


def made_up_paper(rng: random.Random, vocabulary: list[str], weights: list[float]) -> str:
    """About ten pages of made-up board paper: sections, numbered paragraphs, a table."""
    blocks = []
    for section in range(1, rng.randint(8, 14)):
        blocks.append(f"{section}. {' '.join(rng.choices(vocabulary[:60], k=3)).title()}")
        for para in range(1, rng.randint(4, 9)):
            words = rng.choices(vocabulary, weights, k=rng.randint(40, 110))
            if rng.random() < 0.08:
                short, long = rng.choice(ABBREVIATIONS)
                words[rng.randint(0, 30)] = f"{long} ({short})"
            blocks.append(f"{section}.{para} {' '.join(words).capitalize()}.")
        if rng.random() < 0.3:
            rows = [f"Item\t{2015 + section}-{16 + section}\tTotal"] + [
                f"{rng.choice(COMMON)}\t{rng.randint(10, 900)}\t{rng.randint(10, 900)}"
                for _ in range(4)
            ]
            blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def add_papers(store: PaperStore, count: int) -> tuple[float, int]:
    """Add ``count`` made-up papers; seconds taken and passages added."""
    rng = random.Random(SEED)
    vocabulary = COMMON + made_up_words(rng, 6000)
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    started, passages = time.perf_counter(), 0
    for n in range(count):
        split = split_passages(text_lines(made_up_paper(rng, vocabulary, weights)))
        passages += len(split.passages)
        store.add(
            f"paper-{n:03d}.txt", split, programme_id=None, title=f"Made-up paper {n}",
            paper_date="2015-01-20", format="txt", pages=None, who="bench", at=AT,
        )  # fmt: skip
    return time.perf_counter() - started, passages


def pdf_pages_per_second(folder: Path, store: PaperStore) -> tuple[float, int]:
    """Write ``PDFS`` made-up PDFs, then time reading, splitting and indexing them."""
    from fpdf import FPDF

    rng = random.Random(SEED + 1)
    vocabulary = COMMON + made_up_words(rng, 3000)
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    paths = []
    for n in range(PDFS):
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for block in made_up_paper(rng, vocabulary, weights).split("\n\n"):
            if "\t" in block:
                with pdf.table() as table:
                    for row in block.split("\n"):
                        cells = table.row()
                        for cell in row.split("\t"):
                            cells.cell(cell)
            else:
                pdf.multi_cell(0, 6, block, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        paths.append(folder / f"made-up-{n:02d}.pdf")
        pdf.output(str(paths[-1]))
    started, pages = time.perf_counter(), 0
    for path in paths:
        read = read_paper_file(path)
        pages += read.pages or 0
        store.add(
            path.name, split_passages(read.lines), programme_id=None, title=path.stem,
            paper_date="", format="pdf", pages=read.pages, who="bench", at=AT,
        )  # fmt: skip
    for path in paths:
        store.remove(path.name)
    return pages / (time.perf_counter() - started), pages


def timings(run: Callable[[str], object], queries: list[str]) -> list[float]:
    for query in queries[:WARMUP]:
        run(query)
    out = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        out.append((time.perf_counter() - started) * 1000)
    return out


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        runtime = Runtime.start({"CYPS_HOME": folder})
        store = runtime.papers
        seconds, passages = add_papers(store, PAPERS)
        print(
            f"indexed {PAPERS} made-up text papers ({passages:,} passages) in {seconds:.1f} s:"
            f" {PAPERS / seconds:.0f} papers/s, {passages / seconds:,.0f} passages/s"
        )
        rate, pages = pdf_pages_per_second(Path(folder), store)
        print(f"PDF: read, split and indexed {pages} pages at {rate:.0f} pages/s")
        baseline_conn = store.state.connect()

        def fts_only(query: str) -> object:
            match = " ".join(f'"{w}"' for w in query.split() if w.isalnum()) or '"savings"'
            return baseline_conn.execute(
                "select rowid from paper_passages_fts where paper_passages_fts match ? limit 3",
                (match,),
            ).fetchall()

        def lookup(query: str) -> object:
            return baseline_conn.execute(
                "select text from paper_passages where paper_id = ? and number = ?",
                (f"paper-{len(query) % PAPERS:03d}", "2.3"),
            ).fetchall()

        engine = runtime.engine
        faces: list[tuple[str, Callable[[str], object]]] = [
            ("PaperStore.search", lambda q: store.search(q)),
            ("/cyps search (engine)", lambda q: engine.answer(f"search {q}", TODAY)),
            ("baseline: FTS5 match, no rank", fts_only),
            ("baseline: indexed lookup", lookup),
        ]
        queries = QUERIES * 30
        for round_number in range(1, ROUNDS + 1):
            results = {name: timings(run, queries) for name, run in faces}
            base = results["baseline: FTS5 match, no rank"]
            print(f"round {round_number} ({len(queries)} searches each):")
            for name, values in results.items():
                print(
                    f"  {name:32} p50 {statistics.median(values):6.2f} ms  p99 {p99(values):6.2f} ms"
                    f"  (p99 {p99(values) / p99(base):5.1f}x the FTS5 baseline)"
                )
        worst = max(
            (p99(timings(lambda q: store.search(q), [query] * 50)), query) for query in QUERIES
        )
        print(f"slowest query alone: {worst[1]!r}, p99 {worst[0]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
