"""Keeping Python's cyclic garbage collector off the bot's long-lived data.

A running bot holds a build's caches, the reminder plan and its scheduled jobs for as long
as the build lasts. Every so often the collector walks every object it tracks, and with a
thousand programmes or ten thousand milestones that walk pauses whichever thread set it off
for 100-200 ms: an answer or a re-plan that usually takes 3 ms then takes 150. ``settle``,
run once that data is built (at start, after each build's warm-up, after the reminders'
first plan), collects once and moves what is left out of the collector's sight
(``gc.freeze``, meant for exactly this). Objects it froze are still freed as soon as nothing
refers to them; the next ``settle`` first gives them back to the collector, so what a
replaced build left in reference cycles is freed then.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def settle() -> int:
    """Collect, then freeze every object still alive; the number frozen, for the log."""
    started = time.perf_counter()
    gc.unfreeze()  # what an earlier settle froze is looked at again, and freed if garbage
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info(
        "%d long-lived objects set aside from garbage collection in %.0f ms",
        frozen,
        (time.perf_counter() - started) * 1000,
    )
    return frozen
