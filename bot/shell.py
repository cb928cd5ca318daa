"""A local terminal channel: type /cyps lines, read the same answers Slack would show."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from bot.render_text import print_answer
from commands.call import Context
from commands.engine import Engine
from knowledge.dates import LONDON

PROMPT = "cyps> "
WELCOME = (
    "cyps local shell - type a question such as `savings 1.6` or `help`; `more` or `sources` "
    "after an answer shows the rest of it; `quit` or Ctrl-D to leave.\n"
    "Answers are for {today}. The papers run to 2017: add `as of 2015-01-01` to a question, "
    "or start the shell with CYPS_TODAY=2015-01-01, to ask as the board would have then."
)
FOLLOW_UPS = {"more", "sources"}


def run_shell(
    engine: Engine,
    today: Callable[[], date],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    chart_folder: Path | None = None,
) -> int:
    """Answer lines until ``quit``; charts are written into ``chart_folder`` (the bot's
    ``charts`` folder) and their paths printed."""
    folder = chart_folder or Path("charts")
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout  # read when called, not imported
    interactive = stdin.isatty()
    print(WELCOME.format(today=today().isoformat()), file=stdout)
    last = ""
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in {"quit", "exit", ":q"}:
            break
        if text.lower() in FOLLOW_UPS and last:  # `more` alone follows up the last question
            text = f"{text.lower()} {last}"
        else:
            last = text
        answer = engine.answer(
            text,
            Context(
                today=today(),
                channel_id="shell",
                user_id="shell",
                is_admin=True,  # the shell's user owns the machine and its data files
                now=datetime.now(LONDON),
                via="shell",
            ),
        )
        print_answer(answer, folder, stream=stdout)
        print("", file=stdout)
    return 0
