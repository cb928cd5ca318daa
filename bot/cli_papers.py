"""``cyps papers add|list|remove``: the board's own papers, searchable with ``/cyps search``
and quoted with ``/cyps para``; and the warnings ``cyps kb check`` gives about them."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import now_in_london
from bot.runtime import Runtime
from bot.settings import Paths
from commands.errors import CypsError
from commands.paper_answers import paper_name
from commands.parsing import parse_day
from knowledge.papers.reading import FORMATS

if TYPE_CHECKING:  # the programme files' models (pydantic) only for `cyps kb check`
    from knowledge.model import Programme
    from knowledge.source_files import ProgrammeSource
    from knowledge.state.papers import PaperStore

EXIT_OK, EXIT_USAGE = 0, 2
SHOWN_UNPLACED = 10


def _add(args: argparse.Namespace) -> int:
    """Add board papers (.pdf, .docx, .txt or .md): split into passages and indexed. A file
    named as a programme file's `document` knows its programme; adding the same file name
    again replaces it. A running bot sees the paper at once.

    Example: cyps papers add 000_3322a1c325ccc65e.txt
    Example: cyps papers add appendix.pdf --programme kent-0-25 --date 2015-01-20
    """
    from knowledge.papers.lines import PaperReadError  # the readers only for this command

    if args.title and len(args.path) > 1:
        print("cyps: --title names one paper: add the files one at a time", file=sys.stderr)
        return EXIT_USAGE
    try:
        date = parse_day(args.date).isoformat() if args.date else ""
    except CypsError as error:
        print(f"cyps: --date: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    runtime = Runtime.start()
    programmes = {p.id: p for p in runtime.kb.programmes()}
    if args.programme and args.programme not in programmes:
        print(
            f"cyps: no programme {args.programme!r}; known: {', '.join(sorted(programmes))}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    failed = 0
    for name in args.path:
        try:
            _add_one(runtime.papers, Path(name), programmes, args, date)
        except PaperReadError as error:
            print(f"cyps: {error}", file=sys.stderr)
            failed += 1
    return EXIT_USAGE if failed else EXIT_OK


def _add_one(
    store: PaperStore,
    path: Path,
    programmes: dict[str, Programme],
    args: argparse.Namespace,
    date: str,
) -> None:
    from knowledge.papers.passages import split_passages
    from knowledge.papers.reading import read_paper_file
    from knowledge.state.papers import paper_id_for

    started = time.perf_counter()
    read = read_paper_file(path)
    split = split_passages(read.lines)
    own = next((p for p in programmes.values() if p.document == path.name), None)
    programme = programmes[args.programme] if args.programme else own
    is_own = own is not None and programme is own
    title = args.title or (own.document_title if is_own and own else "") or read.title
    if not date and is_own and own and own.paper_date:
        date = own.paper_date.iso
    replacing = any(p.id == paper_id_for(path.name) for p in store.papers())
    record = store.add(
        path.name,
        split,
        programme_id=programme.id if programme else None,
        title=title or path.stem,
        paper_date=date,
        format=read.format,
        pages=read.pages,
        who=getpass.getuser(),
        at=now_in_london(),
    )
    elapsed = (time.perf_counter() - started) * 1000
    size = _pages(read.pages) if read.pages else f"{read.format} file"
    belongs = f" for {record.programme_id}" if record.programme_id else " (no programme)"
    print(
        f"{'replaced' if replacing else 'added'} {path.name} as {record.id}{belongs}: "
        f'"{paper_name(record)}", {record.passages} passages from {size} in {elapsed:.0f} ms'
    )
    if split.unplaced:
        print(
            f"  {len(split.unplaced)} passage(s) could not be placed under a paragraph number or"
            " heading (kept and searchable, cited as opening text):"
        )
        for preview in split.unplaced[:SHOWN_UNPLACED]:
            print(f"    {preview}")
        if len(split.unplaced) > SHOWN_UNPLACED:
            print(f"    ... and {len(split.unplaced) - SHOWN_UNPLACED} more")
    if split.numbering:
        print("  numbering kept as printed: " + "; ".join(split.numbering))


def _list(args: argparse.Namespace) -> int:
    """List the added papers: id, programme, passages, format and title.

    Example: cyps papers list
    """
    papers = Runtime.start().papers.papers()
    if not papers:
        print(f"no papers added; add one with: cyps papers add FILE ({', '.join(FORMATS)})")
        return EXIT_OK
    for paper in papers:
        size = _pages(paper.pages) if paper.pages else paper.format
        print(
            f"{paper.id}\t{paper.programme_id or '-'}\t{paper.passages} passages\t{size}\t"
            f"{paper_name(paper)}\t(added {paper.added_at[:10]} by {paper.added_by})"
        )
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    """Remove an added paper (by the id `cyps papers list` shows, or its file name).

    Example: cyps papers remove 000-3322a1c325ccc65e
    """
    removed = Runtime.start().papers.remove(args.id)
    if removed is None:
        print(f"cyps: no paper {args.id!r}; `cyps papers list` shows them", file=sys.stderr)
        return EXIT_USAGE
    print(f"removed {removed.file_name} ({removed.id})")
    return EXIT_OK


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def citation_warnings(sources: list[ProgrammeSource], paths: Paths) -> list[str]:
    """``cyps kb check``'s warnings: cited paragraphs the added papers do not have."""
    from knowledge.papers.citations import missing_citations
    from knowledge.state.connection import StateDB
    from knowledge.state.papers import PaperStore

    if not paths.state.exists():
        return []
    store = PaperStore(StateDB.open(paths.state))
    return missing_citations(sources, store.numbers_by_programme())


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    papers = commands.add_parser("papers", help="add, list or remove the board's papers")
    sub = papers.add_subparsers(dest="papers_command", required=True, parser_class=type(papers))
    add = sub.add_parser(
        "add",
        help="add papers to search",
        description=_add.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("path", nargs="+", help=f"paper files ({', '.join(FORMATS)})")
    add.add_argument("--programme", help="the programme the paper belongs to")
    add.add_argument("--title", help="how answers name the paper")
    add.add_argument("--date", help="the paper's date (YYYY-MM-DD)")
    add.set_defaults(handler=_add)
    listing = sub.add_parser("list", help="list the added papers", description=_list.__doc__)
    listing.set_defaults(handler=_list)
    remove = sub.add_parser("remove", help="remove an added paper", description=_remove.__doc__)
    remove.add_argument("id", help="the paper's id or file name")
    remove.set_defaults(handler=_remove)
