"""Carry the evaluation set's expected strings over issue 13's deliberate changes to answers.

Run once, on both splits alike, by substitution only: it prints how many strings it changed in
each file and never a case, so the held-out split stays unread. Each rule follows a change
issue 13 made on purpose (see CHANGELOG.md):

- return on investment: a savings plan's yearly increases are now added up year on year, so
  "a year" ratios changed (1.3: 1.74:1 -> 2.58:1; Harrow: 2.18:1 -> 3.00:1), and payback is said
  "pays back in <year>";
- proposals are named as a person would say them (the data's ``short_name``);
- the future operating model's target is printed rounded (£16.7m for £16.784m), so the "£84k
  over target" artefact is gone and the gap says the target is met.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^2\.18:1$"), "3.00:1"),
    (re.compile(r"^1\.74:1$"), "2.58:1"),
    (re.compile(r"^payback (\d{4}-\d{2})$"), r"pays back in \1"),
    (
        re.compile(r"^Care Leavers - Semi Independent Living$"),
        "Care leavers' semi-independent living",
    ),
    (
        re.compile(r"^Adoption and Special Guardianship Order payments$"),
        "Adoption and SGO payments",
    ),
    (
        re.compile(r"^Services for Young People including Young Offenders$"),
        "Young People's Services",
    ),
    (re.compile(r"^£84k$"), "met (£16,784k"),
]
CONTAINS = re.compile(r"^(contains = )(\[.*\])$", re.M)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def carried(text: str) -> tuple[str, int]:
    changed = 0

    def one(match: re.Match[str]) -> str:
        nonlocal changed
        value = match.group(1)
        for pattern, replacement in RULES:
            if pattern.match(value):
                changed += 1
                return '"' + pattern.sub(replacement, value) + '"'
        return match.group(0)

    def line(match: re.Match[str]) -> str:
        return match.group(1) + STRING.sub(one, match.group(2))

    return CONTAINS.sub(line, text), changed


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        text, changed = carried(path.read_text())
        path.write_text(text)
        print(f"{path}: {changed} expected strings carried over")


if __name__ == "__main__":
    main(sys.argv[1:])
