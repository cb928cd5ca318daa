"""Bringing a plan up to date: only what an edit or a target change touched is re-planned,
and the result is always the plan that planning everything again would give."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from test_reminder_planning import milestone as planning_milestone

from knowledge.dates import PaperDate
from knowledge.model import Milestone
from scheduler.planning import ReminderPolicy, parse_leads
from scheduler.replanning import PlanBasis, PlanChange, plan_all, update_plan

POLICY = ReminderPolicy(default_channel="C0BOARD")


def milestone(programme: str, ident: str, date: str, kind: str = "gateway") -> Milestone:
    return planning_milestone(date, kind, programme, ident)


MILESTONES = [
    milestone("p1", "g1", "2030-03-02"),
    milestone("p1", "g2", "2030-06-01"),
    milestone("p2", "c1", "2030-04-15", "checkpoint"),
    milestone("p2", "m1", "2030-05-01", "milestone"),  # not a kind that gets reminders
    milestone("p3", "g1", "2030-09-30T10:00"),
]


def basis(
    milestones: list[Milestone] = MILESTONES,
    policy: ReminderPolicy = POLICY,
    channels: dict[str, str] | None = None,
    build: int = 0,
) -> PlanBasis:
    return PlanBasis.of(build, milestones, policy, channels or {})


def moved(ident: tuple[str, str], date: str) -> list[Milestone]:
    return [
        replace(m, date=PaperDate.parse(date)) if (m.programme_id, m.id) == ident else m
        for m in MILESTONES
    ]


def keys(change: PlanChange, of: str) -> set[str]:
    return {r.key for r in getattr(change, of)}


def test_moving_one_milestone_re_plans_only_that_milestone() -> None:
    before = plan_all(basis())
    change = update_plan(before, basis(moved(("p1", "g1"), "2030-03-09")))
    assert not change.everything
    assert change.milestones == {("p1", "g1")}
    assert keys(change, "dropped") == {f"p1/g1/{lead}@2030-03-02" for lead in ("14d", "7d", "1d")}
    assert keys(change, "fresh") == {f"p1/g1/{lead}@2030-03-09" for lead in ("14d", "7d", "1d")}
    untouched = {k: r for k, r in before.reminders.items() if not k.startswith("p1/g1/")}
    assert {k: change.plan.reminders[k] for k in untouched} == untouched
    assert all(change.plan.reminders[k] is r for k, r in untouched.items())


def test_an_added_milestone_is_the_only_one_planned() -> None:
    added = milestone("p2", "g9", "2030-07-01")
    change = update_plan(plan_all(basis()), basis([*MILESTONES, added]))
    assert change.milestones == {("p2", "g9")}
    assert change.dropped == ()
    assert {r.key for r in change.fresh} == {
        f"p2/g9/{lead}@2030-07-01" for lead in ("14d", "7d", "1d")
    }


def test_a_title_edit_re_plans_the_milestone_but_keeps_its_reminder_keys() -> None:
    retitled = [replace(m, title="Renamed") if m.id == "g2" else m for m in MILESTONES]
    change = update_plan(plan_all(basis()), basis(retitled))
    assert change.dropped == ()
    assert {r.milestone.title for r in change.fresh} == {"Renamed"}
    assert {r.key for r in change.fresh} == {
        f"p1/g2/{lead}@2030-06-01" for lead in ("14d", "7d", "1d")
    }


def test_one_programmes_lead_times_re_plan_only_that_programme() -> None:
    own = replace(POLICY, programme_leads={"p2": parse_leads("2d")})
    change = update_plan(plan_all(basis()), basis(policy=own))
    assert change.milestones == {("p2", "c1"), ("p2", "m1")}
    assert keys(change, "fresh") == {"p2/c1/2d@2030-04-15"}
    assert keys(change, "dropped") == {f"p2/c1/{lead}@2030-04-15" for lead in ("14d", "7d", "1d")}


def test_a_channel_for_every_programme_re_plans_those_without_their_own() -> None:
    before = plan_all(basis(channels={"p1": "C0P1"}))
    change = update_plan(before, basis(channels={"p1": "C0P1", "*": "C0ALL"}))
    assert {key[0] for key in change.milestones} == {"p2", "p3"}
    assert {r.channel for r in change.fresh} == {"C0ALL"}
    assert change.dropped == ()  # same reminders, somewhere else


def test_nothing_changed_means_nothing_to_do() -> None:
    before = plan_all(basis())
    change = update_plan(before, basis(list(MILESTONES)))
    assert (change.everything, change.milestones, change.dropped, change.fresh) == (
        False,
        frozenset(),
        (),
        (),
    )
    assert change.plan.reminders is before.reminders


def test_a_new_build_plans_everything_again() -> None:
    change = update_plan(plan_all(basis()), basis(build=1))
    assert change.everything
    assert {r.key for r in change.fresh} == set(plan_all(basis()).reminders)


def test_a_different_base_policy_plans_everything_again() -> None:
    change = update_plan(plan_all(basis()), basis(policy=replace(POLICY, leads=parse_leads("3d"))))
    assert change.everything
    assert {r.lead.label for r in change.fresh} == {"3d"}


DATES = st.sampled_from(["2029-12-31", "2030-03-02", "2030-03-02T09:30", "2030-06", "2031-01-15"])
KINDS = st.sampled_from(["gateway", "checkpoint", "milestone"])
EDITS = st.lists(
    st.tuples(st.sampled_from(["p1", "p2", "p3"]), st.sampled_from(["a", "b", "c"]), DATES, KINDS),
    max_size=12,
)
TARGETS = st.dictionaries(st.sampled_from(["p1", "p2", "*"]), st.sampled_from(["C0A", "C0B"]))
LEADS = st.dictionaries(st.sampled_from(["p1", "p3"]), st.sampled_from(["1d", "7d,1h", "30m"]))


def as_basis(edits: list[tuple[str, str, str, str]], channels: dict, leads: dict) -> PlanBasis:
    found = {(p, i): milestone(p, i, d, k) for p, i, d, k in edits}
    policy = replace(POLICY, programme_leads={p: parse_leads(t) for p, t in leads.items()})
    return basis(list(found.values()), policy, channels)


@given(EDITS, TARGETS, LEADS, EDITS, TARGETS, LEADS)
def test_updating_gives_the_plan_that_planning_everything_gives(
    old: list, old_channels: dict, old_leads: dict, new: list, new_channels: dict, new_leads: dict
) -> None:
    before = plan_all(as_basis(old, old_channels, old_leads))
    after = as_basis(new, new_channels, new_leads)
    change = update_plan(before, after)
    expected = plan_all(after)
    assert change.plan.reminders == expected.reminders
    assert change.plan.by_milestone.keys() == expected.by_milestone.keys()
    assert {k: set(v) for k, v in change.plan.by_milestone.items()} == {
        k: set(v) for k, v in expected.by_milestone.items()
    }
    # what the scheduler acts on: gone ones dropped, new or different ones fresh, nothing else
    assert {r.key for r in change.dropped} == before.reminders.keys() - expected.reminders.keys()
    assert {r.key for r in change.fresh} == {
        k for k, r in expected.reminders.items() if before.reminders.get(k) != r
    }


@given(EDITS, TARGETS, LEADS, EDITS, st.lists(st.sampled_from(["a", "b", "c", "d"])))
def test_a_basis_that_names_what_it_touched_updates_to_the_same_plan(
    old: list, channels: dict, leads: dict, new: list, extra: list
) -> None:
    before = plan_all(as_basis(old, channels, leads))
    after = as_basis(new, channels, leads)
    differing = {
        key
        for key in before.basis.milestones.keys() | after.milestones.keys()
        if before.basis.milestones.get(key) != after.milestones.get(key)
    }
    touched = frozenset(differing | {("p1", ident) for ident in extra})  # more is harmless
    change = update_plan(before, replace(after, touched=touched))
    assert change.plan.reminders == plan_all(after).reminders
    assert change.milestones <= touched


def test_a_touched_milestone_that_did_not_change_is_not_re_planned() -> None:
    before = plan_all(basis())
    change = update_plan(before, replace(basis(), touched=frozenset({("p1", "g1")})))
    assert (change.milestones, change.dropped, change.fresh) == (frozenset(), (), ())
