"""Admins from CYPS_ADMINS, or from a Slack user group looked up on the local Web API."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_support import BOT_TOKEN, MockSlack, Scripted

from bot.slack.admins import AdminGroup
from bot.slack.client import create_web_client, retry_handlers


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def group(mock: MockSlack, clock: Clock) -> AdminGroup:
    handlers = retry_handlers(interval=FixedValueRetryIntervalCalculator(0), sleep=lambda _: None)
    client = create_web_client(BOT_TOKEN, mock.url, handlers=handlers)
    return AdminGroup(client, "S0BOARD", clock, spawn=lambda work: work())  # refresh inline


def test_group_members_are_admins_and_the_list_is_refreshed_after_ten_minutes(
    mock: MockSlack,
) -> None:
    clock = Clock()
    admins = group(mock, clock)
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U1", "U2"]}))
    assert admins.members() == {"U1", "U2"}
    assert admins.members() == {"U1", "U2"}
    assert len(mock.calls_to("usergroups.users.list")) == 1
    clock.now += 601
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U2"]}))
    assert admins.members() == {"U2"}
    assert mock.calls_to("usergroups.users.list")[-1].body["usergroup"] == "S0BOARD"


def test_when_slack_cannot_be_asked_the_last_good_list_stays(mock: MockSlack) -> None:
    clock = Clock()
    admins = group(mock, clock)
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U1"]}))
    assert admins.members() == {"U1"}
    clock.now += 601
    mock.script("usergroups.users.list", Scripted(body={"ok": False, "error": "missing_scope"}))
    assert admins.members() == {"U1"}


def test_before_any_answer_nobody_is_admitted_through_the_group(mock: MockSlack) -> None:
    mock.script("usergroups.users.list", Scripted(body={"ok": False, "error": "no_such_subteam"}))
    assert group(mock, Clock()).members() == frozenset()


def test_a_group_member_writes_from_slack_as_an_admin(mock: MockSlack, plain_engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from bot.slack.services import Services

    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U0GROUPED"]}))
    services = Services(
        engine=plain_engine,
        today=lambda: date(2017, 7, 3),
        admins=frozenset({"U0LISTED"}),
        admin_group=group(mock, Clock()),
    )
    try:
        assert services.context("C1", "U0LISTED").is_admin
        assert services.context("C1", "U0GROUPED").is_admin
        assert not services.context("C1", "U0OTHER").is_admin
    finally:
        services.executor.shutdown()


def test_a_stale_list_answers_at_once_while_the_refresh_runs_in_the_background(
    mock: MockSlack,
) -> None:
    clock, pending = Clock(), []
    handlers = retry_handlers(interval=FixedValueRetryIntervalCalculator(0), sleep=lambda _: None)
    client = create_web_client(BOT_TOKEN, mock.url, handlers=handlers)
    admins = AdminGroup(client, "S0BOARD", clock, spawn=pending.append)
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U1"]}))
    assert admins.refresh() == {"U1"}
    clock.now += 601
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U2"]}))
    assert admins.members() == {"U1"}  # no waiting on Slack
    assert admins.members() == {"U1"} and len(pending) == 1  # one refresh at a time
    pending.pop()()
    assert admins.members() == {"U2"}


def test_a_reused_read_context_still_follows_the_day_and_a_change_of_admins(
    mock: MockSlack, plain_engine
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from bot.slack.services import Services

    clock = Clock()
    mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": ["U0GROUPED"]}))
    day = [date(2017, 7, 3)]
    services = Services(engine=plain_engine, today=lambda: day[0], admin_group=group(mock, clock))
    try:
        first = services.context("C1", "U0GROUPED", stamped=False)
        assert services.context("C1", "U0GROUPED", stamped=False) is first and first.is_admin
        written = services.context("C1", "U0GROUPED", stamped=True)  # a write: its own time
        assert written is not first and written.now is not None
        day[0] = date(2017, 7, 4)
        assert services.context("C1", "U0GROUPED", stamped=False).today == date(2017, 7, 4)
        clock.now += 601  # the group is read again, and U0GROUPED has left it
        mock.script("usergroups.users.list", Scripted(body={"ok": True, "users": []}))
        assert not services.context("C1", "U0GROUPED", stamped=False).is_admin
    finally:
        services.executor.shutdown()
