"""The pure planner: milestones times lead times, with fixed dates and no clock."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from knowledge.dates import LONDON, PaperDate
from knowledge.model import Milestone, Source
from knowledge.queries import KnowledgeBase
from scheduler.config import ReminderConfig, ReminderConfigError
from scheduler.planning import (
    BadLeads,
    Lead,
    ReminderPolicy,
    parse_leads,
    plan_reminders,
    reminder_key,
)


def milestone(
    date: str, kind: str = "gateway", programme: str = "p1", ident: str = "g1"
) -> Milestone:
    return Milestone(
        programme_id=programme,
        id=ident,
        kind=kind,
        date=PaperDate.parse(date),
        title=f"{kind} {ident}",
        decides="whether to go on",
        phase_id=None,
        source=Source(programme, "Paper", "para 1"),
    )


def dues(reminders: list) -> dict[str, str]:
    return {r.lead.label: r.due.isoformat() for r in reminders}


def utc(reminders: list) -> dict[str, str]:
    return {r.lead.label: r.due.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for r in reminders}


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("14d,7d,1d", ["14d", "7d", "1d"]),
        ("1d, 7d 14d", ["14d", "7d", "1d"]),
        ("24h", ["1d"]),
        ("90m,1h", ["90m", "1h"]),
        ("1m", ["1m"]),
        ("7d,7d", ["7d"]),
    ],
)
def test_leads_are_read_longest_first_in_canonical_form(text: str, labels: list[str]) -> None:
    assert [lead.label for lead in parse_leads(text)] == labels


@pytest.mark.parametrize("text", ["", "0d", "7x", "d7", "7 days", "-1d"])
def test_unreadable_leads_say_how_to_write_them(text: str) -> None:
    with pytest.raises(BadLeads, match=r"e\.g\. 14d"):
        parse_leads(text)


def test_default_leads_are_14_7_and_1_day_at_nine_in_london() -> None:
    planned = plan_reminders([milestone("2025-06-16")], ReminderPolicy())
    assert dues(planned) == {
        "14d": "2025-06-02T09:00:00+01:00",
        "7d": "2025-06-09T09:00:00+01:00",
        "1d": "2025-06-15T09:00:00+01:00",
    }
    assert [r.lead.describe() for r in planned] == ["14 days", "7 days", "1 day"]


def test_month_only_date_counts_from_the_first_and_says_the_day_is_not_fixed() -> None:
    planned = plan_reminders([milestone("2015-03")], ReminderPolicy())
    assert dues(planned) == {
        "14d": "2015-02-15T09:00:00+00:00",
        "7d": "2015-02-22T09:00:00+00:00",
        "1d": "2015-02-28T09:00:00+00:00",
    }
    assert all(not r.day_fixed for r in planned)
    assert planned[0].milestone_at == datetime(2015, 3, 1, tzinfo=LONDON)


def test_milestone_the_monday_after_clocks_go_forward_keeps_nine_oclock_local() -> None:
    # Clocks went forward on Sunday 30 March 2025: the 1-day reminder is 09:00 BST (08:00 UTC),
    # the 7-day one 09:00 GMT (09:00 UTC).
    planned = plan_reminders([milestone("2025-03-31")], ReminderPolicy())
    assert dues(planned) == {
        "14d": "2025-03-17T09:00:00+00:00",
        "7d": "2025-03-24T09:00:00+00:00",
        "1d": "2025-03-30T09:00:00+01:00",
    }
    assert utc(planned)["1d"] == "2025-03-30 08:00"


def test_milestone_the_monday_after_clocks_go_back_keeps_nine_oclock_local() -> None:
    # Clocks went back on Sunday 26 October 2025.
    planned = plan_reminders([milestone("2025-10-27")], ReminderPolicy())
    assert dues(planned) == {
        "14d": "2025-10-13T09:00:00+01:00",
        "7d": "2025-10-20T09:00:00+01:00",
        "1d": "2025-10-26T09:00:00+00:00",
    }
    assert utc(planned) == {
        "14d": "2025-10-13 08:00",
        "7d": "2025-10-20 08:00",
        "1d": "2025-10-26 09:00",
    }


def test_lead_under_a_day_counts_from_the_milestones_own_time() -> None:
    policy = ReminderPolicy(leads=parse_leads("1h,90m,1m"))
    planned = plan_reminders([milestone("2025-06-10T14:30")], policy)
    assert dues(planned) == {
        "90m": "2025-06-10T13:00:00+01:00",
        "1h": "2025-06-10T13:30:00+01:00",
        "1m": "2025-06-10T14:29:00+01:00",
    }


def test_short_lead_across_the_spring_change_is_elapsed_time() -> None:
    # 03:00 BST is 02:00 UTC; two real hours earlier is 00:00 GMT (01:00 never happened).
    policy = ReminderPolicy(leads=parse_leads("2h"))
    (reminder,) = plan_reminders([milestone("2025-03-30T03:00")], policy)
    assert reminder.due.isoformat() == "2025-03-30T00:00:00+00:00"


def test_day_lead_for_a_timed_milestone_posts_at_nine_on_the_day_before() -> None:
    (reminder,) = plan_reminders(
        [milestone("2025-06-10T14:30")], ReminderPolicy(leads=parse_leads("1d"))
    )
    assert reminder.due.isoformat() == "2025-06-09T09:00:00+01:00"


def test_a_wall_time_the_spring_change_skips_moves_forward() -> None:
    (reminder,) = plan_reminders(
        [milestone("2025-03-30T01:30")], ReminderPolicy(leads=parse_leads("1m"))
    )
    assert reminder.milestone_at.isoformat() == "2025-03-30T02:30:00+01:00"


def test_posting_time_and_zone_follow_the_policy() -> None:
    policy = ReminderPolicy(
        leads=parse_leads("1d"), post_at=time(8, 30), tz=ZoneInfo("America/New_York")
    )
    (reminder,) = plan_reminders([milestone("2025-03-10")], policy)
    # the US changed on 9 March 2025: 08:30 EDT
    assert reminder.due.isoformat() == "2025-03-09T08:30:00-04:00"


def test_only_checkpoints_and_gateways_by_default() -> None:
    items = [
        milestone("2025-06-16", "gateway", ident="a"),
        milestone("2025-06-16", "checkpoint", ident="b"),
        milestone("2025-06-16", "decision", ident="c"),
        milestone("2025-06-16", "go-live", ident="d"),
    ]
    assert {r.milestone.id for r in plan_reminders(items, ReminderPolicy())} == {"a", "b"}
    wider = ReminderPolicy(kinds=frozenset({"decision", "go-live"}))
    assert {r.milestone.id for r in plan_reminders(items, wider)} == {"c", "d"}


def test_a_programme_can_have_lead_times_of_its_own() -> None:
    policy = ReminderPolicy(programme_leads={"p2": parse_leads("3d")})
    planned = plan_reminders(
        [milestone("2025-06-16", programme="p1"), milestone("2025-06-16", programme="p2")], policy
    )
    assert sorted((r.programme_id, r.lead.label) for r in planned) == [
        ("p1", "14d"),
        ("p1", "1d"),
        ("p1", "7d"),
        ("p2", "3d"),
    ]


def test_channel_is_the_programmes_then_every_programmes_then_the_default() -> None:
    items = [milestone("2025-06-16", programme=p) for p in ("p1", "p2", "p3")]
    policy = ReminderPolicy(leads=parse_leads("1d"), default_channel="CDEFAULT")
    planned = plan_reminders(items, policy, {"p1": "C1", "*": "CALL"})
    assert {r.programme_id: r.channel for r in planned} == {"p1": "C1", "p2": "CALL", "p3": "CALL"}
    planned = plan_reminders(items, policy, {"p1": "C1"})
    assert {r.programme_id: r.channel for r in planned} == {
        "p1": "C1",
        "p2": "CDEFAULT",
        "p3": "CDEFAULT",
    }
    assert plan_reminders(items, ReminderPolicy())[0].channel is None


def test_window_leaves_out_reminders_already_past() -> None:
    policy = ReminderPolicy()
    start = datetime(2025, 6, 9, 12, 0, tzinfo=LONDON)
    planned = plan_reminders([milestone("2025-06-16")], policy, start=start)
    assert [r.lead.label for r in planned] == ["1d"]
    end = datetime(2025, 6, 15, 9, 0, tzinfo=LONDON)
    assert plan_reminders([milestone("2025-06-16")], policy, start=start, end=end) == []
    assert plan_reminders([milestone("2014-06-16")], policy, start=start) == []


def test_keys_are_stable_and_a_new_date_gives_new_keys() -> None:
    first = plan_reminders([milestone("2025-06-16")], ReminderPolicy())
    again = plan_reminders([milestone("2025-06-16")], ReminderPolicy())
    moved = plan_reminders([milestone("2025-06-23")], ReminderPolicy())
    assert [r.key for r in first] == [r.key for r in again]
    assert first[0].key == "p1/g1/14d@2025-06-16"
    assert not {r.key for r in first} & {r.key for r in moved}
    assert reminder_key(milestone("2025-06"), Lead(86_400)) == "p1/g1/1d@2025-06"


def test_default_knowledge_base_has_nothing_to_come_but_nine_from_2014(
    kb: KnowledgeBase,
) -> None:
    milestones = kb.milestones()
    later = datetime(2026, 1, 1, tzinfo=LONDON)
    assert plan_reminders(milestones, ReminderPolicy(), start=later) == []
    since_2014 = plan_reminders(
        milestones, ReminderPolicy(), start=datetime(2014, 1, 1, tzinfo=LONDON)
    )
    assert len(since_2014) == 9
    assert {r.milestone.id for r in since_2014} == {
        "checkpoint-2014-09",
        "gateway-2015-03",
        "gateway-2016-03",
    }


def test_settings_come_from_the_environment() -> None:
    config = ReminderConfig.from_env(
        {
            "CYPS_REMINDER_LEADS": "7d,2h",
            "CYPS_REMINDER_TIME": "08:15",
            "CYPS_TZ": "Europe/Dublin",
            "CYPS_REMINDER_GRACE": "6h",
            "CYPS_REMINDER_CHANNEL": "C0BOARD",
            "CYPS_REMINDER_KINDS": "gateway,decision",
            "CYPS_REMINDER_POLL": "5s",
        }
    )
    policy = config.policy
    assert [lead.label for lead in policy.leads] == ["7d", "2h"]
    assert policy.post_at == time(8, 15) and str(policy.tz) == "Europe/Dublin"
    assert policy.default_channel == "C0BOARD"
    assert policy.kinds == {"gateway", "decision"}
    assert config.grace.total_seconds() == 6 * 3600 and config.poll.total_seconds() == 5


def test_defaults_when_nothing_is_set() -> None:
    config = ReminderConfig.from_env({})
    assert [lead.label for lead in config.policy.leads] == ["14d", "7d", "1d"]
    assert config.policy.post_at == time(9, 0) and config.policy.tz == LONDON
    assert config.policy.kinds == {"checkpoint", "gateway"}
    assert config.grace.total_seconds() == 12 * 3600


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CYPS_REMINDER_LEADS", "soon", "CYPS_REMINDER_"),
        ("CYPS_REMINDER_TIME", "9am", "CYPS_REMINDER_TIME"),
        ("CYPS_TZ", "Mars/Olympus", "CYPS_TZ"),
        ("CYPS_REMINDER_KINDS", "party", "CYPS_REMINDER_KINDS"),
        ("CYPS_REMINDER_GRACE", "forever", "CYPS_REMINDER_"),
    ],
)
def test_bad_settings_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(ReminderConfigError, match=message):
        ReminderConfig.from_env({name: value})


def test_an_impossible_milestone_is_skipped_and_the_others_still_planned() -> None:
    planned = plan_reminders(
        [milestone("0001-01-01"), milestone("2025-06-16")], ReminderPolicy(leads=parse_leads("7d"))
    )
    assert len(planned) == 1 and planned[0].milestone.date.iso == "2025-06-16"


@pytest.mark.parametrize("text", ["367d", "999999d", "9000h"])
def test_leads_longer_than_a_year_are_refused(text: str) -> None:
    with pytest.raises(BadLeads):
        parse_leads(text)


@pytest.mark.parametrize("text", ["0001-01-01", "2101-01-01", "1899-12", "0001-01-10T10:00"])
def test_implausible_milestone_dates_are_refused(text: str) -> None:
    from knowledge.dates import BadDate
    from knowledge.state.milestone_edits import parse_milestone_date

    with pytest.raises(BadDate):
        parse_milestone_date(text)
