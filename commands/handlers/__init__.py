"""The /cyps commands, one module per area. ``HANDLER_MODULES`` is the one list of them: the
registry is collected from it, in this order (help lists commands in the same order)."""

from __future__ import annotations

from commands.handlers import (
    ask,
    charts,
    check,
    compare,
    digest,
    followups,
    gap,
    help,
    milestone_edits,
    milestones,
    papers,
    phases,
    programmes,
    recording,
    reminders,
    roi,
    savings,
)
from commands.registry import Registry

HANDLER_MODULES = (
    savings,
    phases,
    milestones,
    gap,
    roi,
    compare,
    check,
    programmes,
    papers,
    help,
    followups,
    ask,
    recording,
    reminders,
    milestone_edits,
    charts,
    digest,
)


def default_registry() -> Registry:
    """Every /cyps command, collected from ``HANDLER_MODULES``."""
    return Registry.collect(HANDLER_MODULES)
