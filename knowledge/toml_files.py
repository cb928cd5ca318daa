"""Read programme files as TOML, in parallel when there are many.

Parsing is most of a large build's time (the standard library's parser is pure Python, about
5 ms for a programme file), so past a few dozen files it is spread over the machine's cores.
This module imports nothing heavy, so each worker process starts quickly.
"""

from __future__ import annotations

import multiprocessing
import os
import tomllib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

PARALLEL_FROM = 64  # fewer files parse faster in one process than the pool takes to start
CHUNK = 32

Parsed = tuple[dict[str, Any] | None, str | None]  # the data, or why it could not be read


def parse_toml(path: Path) -> Parsed:
    """One file's data, decimals read exactly (never as binary floats), or the reason it fails."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal), None
    except tomllib.TOMLDecodeError as error:
        return None, f"not valid TOML: {error}"
    except OSError as error:
        return None, f"cannot be read: {error.strerror}"


def parse_all(paths: Sequence[Path]) -> list[Parsed]:
    """Every file parsed, in order; across processes when there are enough to be worth it."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [parse_toml(path) for path in paths]
    # spawn, not fork: the bot may rebuild from a process that runs threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(parse_toml, paths, chunksize=CHUNK))
