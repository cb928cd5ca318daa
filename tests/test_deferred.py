"""A deferred store is made on first use, once, whichever thread gets there first; so are
the schedule's settings when the environment sets none of them."""

from __future__ import annotations

import threading

from bot.deferred import deferred, made


class Store:
    made = 0

    def __init__(self) -> None:
        Store.made += 1
        self.rows: list[str] = []

    def add(self, row: str) -> int:
        self.rows.append(row)
        return len(self.rows)


def test_a_deferred_object_is_made_on_first_use_and_then_is_the_object() -> None:
    Store.made = 0
    store = deferred(Store)
    assert Store.made == 0 and not made(store)
    assert store.add("a") == 1 and store.add("b") == 2
    assert Store.made == 1 and made(store) and store.rows == ["a", "b"]


def test_setting_an_attribute_sets_it_on_the_object() -> None:
    store = deferred(Store)
    store.rows = ["kept"]
    assert store.add("next") == 2


def test_threads_racing_to_first_use_make_it_once() -> None:
    Store.made = 0
    store = deferred(Store)
    start = threading.Barrier(8)

    def use() -> None:
        start.wait()
        store.add("row")

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Store.made == 1 and len(store.rows) == 8


def test_a_real_object_counts_as_made() -> None:
    assert made(Store())


def test_a_start_that_sets_no_schedule_reads_its_defaults_only_when_asked(
    cyps_env: dict[str, str],
) -> None:
    from bot.runtime import Runtime

    runtime = Runtime.start(cyps_env)
    assert not made(runtime.reminder_config) and not made(runtime.digest_config)
    assert str(runtime.reminder_config.policy.tz) == "Europe/London"
    assert runtime.digest_config.cron == "0 9 * * mon" and made(runtime.digest_config)


def test_a_start_that_sets_the_schedule_reads_it_at_once(cyps_env: dict[str, str]) -> None:
    from bot.runtime import Runtime

    runtime = Runtime.start({**cyps_env, "CYPS_TZ": "Europe/Paris"})
    assert made(runtime.reminder_config) and made(runtime.digest_config)
    assert str(runtime.digest_config.tz) == "Europe/Paris"
