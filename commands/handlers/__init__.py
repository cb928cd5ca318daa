"""The /cyps commands, one module per area. ``COMMANDS`` is the one list of them: each
command's module, name and aliases, in help's order. A module is imported when one of its
commands is first needed, so a question imports its own command's code and no other's;
each module's ``@command`` tags must match its rows (checked when it is imported, and for
every module by ``tests/test_registry.py``)."""

from __future__ import annotations

from commands.registry import LazyRegistry, Row

COMMANDS: tuple[Row, ...] = (
    ("savings", "savings", ("saving",)),
    ("savings", "proposals", ()),
    ("phases", "phase", ()),
    ("phases", "phases", ()),
    ("milestones", "gateway", ("gateways",)),
    ("milestones", "checkpoint", ("checkpoints",)),
    ("milestones", "next", ()),
    ("milestones", "milestones", ()),
    ("gap", "gap", ()),
    ("roi", "roi", ()),
    ("compare", "compare", ()),
    ("check", "check", ("audit",)),
    ("programmes", "programmes", ("programs",)),
    ("programmes", "use", ()),
    ("papers", "search", ()),
    ("papers", "para", ("paragraph", "section")),
    ("help", "help", ()),
    ("followups", "more", ()),
    ("followups", "sources", ()),
    ("ask", "ask", ()),
    ("recording", "actual", ()),
    ("recording", "forecast", ()),
    ("recording", "rag", ()),
    ("recording", "history", ()),
    ("reminders", "reminders", ()),
    ("reminders", "remind", ()),
    ("milestone_edits", "milestone", ()),
    ("charts", "chart", ("charts", "graph", "plot")),
    ("digest", "digest", ()),
)
HANDLER_MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for module, _, _ in COMMANDS))


def default_registry() -> LazyRegistry:
    """Every /cyps command, as ``COMMANDS`` lists them."""
    return LazyRegistry(__name__, COMMANDS)
