"""``make eval``: accuracy of question understanding per category and overall, for the
development and held-out splits separately, with the development split's failures listed.

It never prints a held-out case's text, reading or answer: only how many cases each category
has and how many were right, so the split stays unseen by whoever tunes the understander.

    python -m evals.run                  # both splits, then the dev failures
    python -m evals.run --split dev      # one split
    python -m evals.run --no-failures    # scores only
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.runtime import Runtime
from bot.settings import ConfigError, Paths
from evals.cases import CATEGORIES, DEV_FILE, HELD_OUT_FILE, CaseFileError, load_cases
from evals.scoring import Result, score_case

SPLITS = {"dev": DEV_FILE, "held-out": HELD_OUT_FILE}


def eval_environment(environ: Mapping[str, str], home: Path) -> dict[str, str]:
    """Settings for a bot in the fresh folder ``home``: a copy of ``$CYPS_HOME``'s knowledge
    base when that is set (a copy, so the user's files are left alone), else the default one,
    built from ``$CYPS_SOURCES`` or the built-in programme files. No channel defaults, tracking or
    milestone edits are carried over: the set measures the papers' answers."""
    env = {"CYPS_HOME": str(home)}
    if environ.get("CYPS_SOURCES"):
        env["CYPS_SOURCES"] = environ["CYPS_SOURCES"]
    if environ.get("CYPS_HOME") or environ.get("CYPS_DB"):
        theirs = Paths.from_env(environ).db
        if theirs.is_file():
            shutil.copy2(theirs, home / "knowledge.db")
    return env


def run_split(runtime: Runtime, name: str) -> list[Result]:
    return [score_case(runtime.engine, case) for case in load_cases(SPLITS[name])]


def score_table(name: str, results: Sequence[Result]) -> list[str]:
    """Cases, correct and accuracy per category (in the vocabulary's order) and overall."""
    lines = [
        f"{name}: {len(results)} cases",
        f"  {'category':<16} {'cases':>5} {'right':>5}  accuracy",
    ]
    for category in CATEGORIES:
        inside = [r for r in results if r.case.category == category]
        if inside:
            lines.append(_row(category, inside))
    lines.append(_row("overall", results))
    return lines


def _row(label: str, results: Sequence[Result]) -> str:
    right = sum(r.correct for r in results)
    share = 100 * right / len(results) if results else 0.0
    return f"  {label:<16} {len(results):>5} {right:>5}  {share:6.1f}%"


def failure_lines(results: Sequence[Result]) -> list[str]:
    """Each wrong dev case: its text, the fields that differed, the strings missing."""
    lines = []
    for result in results:
        if result.correct:
            continue
        case = result.case
        lines.append(f"{case.id} [{case.category}] {case.text!r}")
        if result.error:
            lines.append(f"    error: {result.error}")
        for field, (expected, got) in result.wrong_fields.items():
            lines.append(f"    {field}: expected {expected!r}, got {got!r}")
        if result.missing:
            lines.append(
                f"    answer lacks {list(result.missing)!r}; it begins {result.answer_title!r}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.run", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--no-failures", action="store_true", help="print the scores only")
    args = parser.parse_args(argv)
    names = list(SPLITS) if args.split == "both" else [args.split]
    with tempfile.TemporaryDirectory(prefix="cyps-eval-") as home:
        try:
            runtime = Runtime.start(eval_environment(os.environ, Path(home)))
            results = {name: run_split(runtime, name) for name in names}
        except (CaseFileError, ConfigError) as error:
            print(f"cyps eval: {error}", file=sys.stderr)
            return 2
        reader = (
            "engine.read" if callable(getattr(runtime.engine, "read", None)) else "baseline adapter"
        )
    print(f"Readings from: {reader}\n")
    for name in names:
        print("\n".join(score_table(name, results[name])) + "\n")
    if "dev" in results and not args.no_failures:
        failures = failure_lines(results["dev"])
        print(f"dev failures ({sum(not r.correct for r in results['dev'])}):")
        print("\n".join(failures) if failures else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
