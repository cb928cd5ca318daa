"""Read programme files as TOML, and spread per-file work over the machine's cores.

Reading a programme file is most of a large build's time (the standard library's TOML parser
is pure Python: a few milliseconds a file, then checking and laying out its rows), so past a
few dozen files the work goes to a pool of processes, a chunk of files at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import tomllib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

PARALLEL_FROM = 64  # fewer files are read faster in one process than a pool takes to start
CHUNK = 32  # files per task: enough to outweigh sending the results back

Parsed = tuple[dict[str, Any] | None, str | None]  # the data, or why it could not be read
R = TypeVar("R")


def parse_toml(path: Path) -> Parsed:
    """One file's data, decimals read exactly (never as binary floats), or the reason it fails."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal), None
    except tomllib.TOMLDecodeError as error:
        return None, f"not valid TOML: {error}"
    except OSError as error:
        return None, f"cannot be read: {error.strerror}"


def _parse_chunk(paths: list[Path]) -> list[Parsed]:
    return [parse_toml(path) for path in paths]


def parse_all(paths: Sequence[Path]) -> list[Parsed]:
    """Every file parsed, in order."""
    return [parsed for chunk in each_chunk(_parse_chunk, paths) for parsed in chunk]


def each_chunk(work: Callable[[list[Path]], R], paths: Sequence[Path]) -> Iterator[R]:
    """``work`` done on ``paths`` a chunk at a time, each result in order as soon as it is
    ready (a build writes one chunk while the next are read): across processes when there are
    enough files to be worth it. ``work`` must be a module-level function (it is sent to the
    worker processes by name)."""
    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from (work(chunk) for chunk in chunks)
        return
    # spawn, not fork: the bot may rebuild from a process that runs threads
    context = multiprocessing.get_context("spawn")
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for result in pool.map(work, chunks):
                done += 1
                yield result
    except (BrokenProcessPool, OSError):  # no pool here (say, a script read from stdin)
        yield from (work(chunk) for chunk in chunks[done:])
