"""Help is generated from the command registry, and every command documents itself."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from paper_samples import add_text_paper, westbury_text

from bot.runtime import Runtime
from commands.call import Context
from commands.engine import Engine
from commands.handlers import default_registry
from commands.registry import ADMINS, Registry
from knowledge.dates import LONDON


@pytest.mark.parametrize("spec", default_registry(), ids=lambda s: s.name)
def test_every_command_has_summary_usage_and_examples(spec) -> None:
    assert spec.summary.strip() and spec.summary.endswith(".")
    assert spec.usage.strip()
    assert spec.examples and all(e.strip() for e in spec.examples)


def test_help_lists_every_command_and_help_for_one_shows_examples(
    plain_engine: Engine, registry: Registry
) -> None:
    engine = plain_engine
    listing = engine.answer("help", Context(today=date(2015, 1, 1), is_admin=True))
    for spec in registry:
        if spec.name not in {"ask", "help"}:
            shown = (
                f"`{spec.brief or spec.name}`" if spec.line == ADMINS else f"`{spec.short_usage}`"
            )
            assert any(shown in line for line in listing.lines), spec.name
    one = engine.answer("help gap", Context(today=date(2015, 1, 1)))
    assert one.title == "/cyps gap" and any(
        line.startswith("Example: /cyps gap") for line in one.lines
    )


def test_every_example_in_help_answers(runtime: Runtime, registry: Registry) -> None:
    """Run with a made-up paper added for kent-0-25, so the papers' examples have a paper."""
    add_text_paper(runtime.papers, "westbury.txt", westbury_text(), "kent-0-25")
    engine = runtime.engine
    now = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)
    for spec in registry:
        for example in spec.examples:
            answer = engine.answer(
                example, Context(today=date(2014, 10, 1), is_admin=True, now=now)
            )
            assert answer.status in {"ok", "not_found"}, (example, answer.title)
            assert answer.status == "ok" or spec.name == "ask", (example, answer.title)
