"""Bringing a reminder plan up to date with what changed, instead of planning everything again.

A plan remembers what it was made from (its ``PlanBasis``: the build of the knowledge base,
the milestones, the policy with each programme's lead times, and the channels). After a
milestone edit, or a change to one programme's lead times or channel, ``update_plan``
re-plans only the milestones whose record, lead times or channel differ, and says which
reminders went and which are new or changed, so the scheduler touches only their jobs. A new
build (or a different base policy) plans everything again. Pure like the planner: no clock,
no I/O; the same plan and basis always give the same change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from knowledge.model import Milestone
from scheduler.planning import Lead, Reminder, ReminderPolicy, channel_for, plan_reminders

MilestoneKey = tuple[str, str]  # programme id, milestone id


def milestone_key(milestone: Milestone) -> MilestoneKey:
    return milestone.programme_id, milestone.id


@dataclass(frozen=True)
class PlanBasis:
    """What a plan is made from. ``build`` is the knowledge base's generation: a new build
    means planning everything again; ``edits`` the milestone edits' version it includes.
    ``touched``, when known, holds every milestone that may differ from the basis this one
    was read after (the rest are that one's); None means compare them all."""

    build: int
    milestones: dict[MilestoneKey, Milestone]  # never changed once made, like the rest
    policy: ReminderPolicy
    channels: Mapping[str, str]
    edits: int = 0
    touched: frozenset[MilestoneKey] | None = None

    @classmethod
    def of(
        cls,
        build: int,
        milestones: Iterable[Milestone],
        policy: ReminderPolicy,
        channels: Mapping[str, str],
        edits: int = 0,
    ) -> PlanBasis:
        by_key = {(m.programme_id, m.id): m for m in milestones}
        return cls(build, by_key, policy, dict(channels), edits)

    def route(self, programme_id: str) -> tuple[tuple[Lead, ...], str | None]:
        """How long before, and where, the programme's reminders go."""
        return self.policy.leads_for(programme_id), channel_for(
            programme_id, self.policy, self.channels
        )


@dataclass(frozen=True)
class Plan:
    """Every reminder planned from ``basis`` by key, and each milestone's reminder keys."""

    basis: PlanBasis
    reminders: dict[str, Reminder]  # never changed once made: a change copies them
    by_milestone: dict[MilestoneKey, tuple[str, ...]]


@dataclass(frozen=True)
class PlanChange:
    """A plan brought up to date: ``dropped`` reminders are no longer planned; ``fresh`` ones
    are new or differ (time, channel or milestone) from the last plan's. ``everything`` when
    it was planned afresh, where ``fresh`` holds every reminder."""

    plan: Plan
    everything: bool
    milestones: frozenset[MilestoneKey]
    dropped: tuple[Reminder, ...]
    fresh: tuple[Reminder, ...]


def _plan(milestones: Iterable[Milestone], basis: PlanBasis) -> list[Reminder]:
    return plan_reminders(milestones, basis.policy, basis.channels)


def _group(reminders: Iterable[Reminder]) -> dict[MilestoneKey, tuple[str, ...]]:
    grouped: dict[MilestoneKey, list[str]] = {}
    for reminder in reminders:
        grouped.setdefault(milestone_key(reminder.milestone), []).append(reminder.key)
    return {key: tuple(keys) for key, keys in grouped.items()}


def plan_all(basis: PlanBasis) -> Plan:
    """Every reminder, soonest first."""
    reminders = _plan(basis.milestones.values(), basis)
    return Plan(basis, {r.key: r for r in reminders}, _group(reminders))


def changed_milestones(old: PlanBasis, new: PlanBasis) -> frozenset[MilestoneKey]:
    """Milestones added, gone or different, and every milestone of a programme whose lead
    times or channel differ."""
    known = old.milestones
    if new.touched is not None:  # only these can differ: look at nothing else
        changed = {k for k in new.touched if known.get(k) != new.milestones.get(k)}
    else:
        changed = {
            key
            for key, milestone in new.milestones.items()
            if (before := known.get(key)) is not milestone and before != milestone
        }
        added = sum(1 for key in changed if key not in known)
        if len(known) != len(new.milestones) - added:  # some went: find which (rare)
            changed.update(known.keys() - new.milestones.keys())
    if old.channels != new.channels or old.policy.programme_leads != new.policy.programme_leads:
        programmes = {key[0] for key in old.milestones} | {key[0] for key in new.milestones}
        rerouted = {p for p in programmes if old.route(p) != new.route(p)}
        for milestones in (old.milestones, new.milestones):
            changed.update(key for key in milestones if key[0] in rerouted)
    return frozenset(changed)


def _same_base(old: ReminderPolicy, new: ReminderPolicy) -> bool:
    """The policy apart from each programme's own lead times (those re-plan one programme)."""
    return replace(old, programme_leads={}) == replace(new, programme_leads={})


def update_plan(plan: Plan | None, basis: PlanBasis) -> PlanChange:
    """``plan`` brought up to ``basis``; everything planned afresh for a first plan, a new
    build or a new base policy."""
    if (
        plan is None
        or plan.basis.build != basis.build
        or not _same_base(plan.basis.policy, basis.policy)
    ):
        fresh = plan_all(basis)
        gone = (
            ()
            if plan is None
            else tuple(r for k, r in plan.reminders.items() if k not in fresh.reminders)
        )
        return PlanChange(
            fresh, True, frozenset(basis.milestones), gone, tuple(fresh.reminders.values())
        )
    changed = changed_milestones(plan.basis, basis)
    if not changed:
        return PlanChange(Plan(basis, plan.reminders, plan.by_milestone), False, changed, (), ())
    replanned = _plan((basis.milestones[k] for k in changed if k in basis.milestones), basis)
    new_keys = {r.key: r for r in replanned}
    old_keys = {key for m in changed for key in plan.by_milestone.get(m, ())}
    reminders = plan.reminders.copy()  # then the few changes (copy() is a memcpy; dict() not)
    for key in old_keys:
        del reminders[key]
    reminders.update(new_keys)
    by_milestone = plan.by_milestone.copy()
    for milestone in changed:
        by_milestone.pop(milestone, None)
    by_milestone.update(_group(replanned))
    return PlanChange(
        Plan(basis, reminders, by_milestone),
        False,
        changed,
        tuple(plan.reminders[k] for k in sorted(old_keys) if k not in new_keys),
        tuple(r for r in replanned if plan.reminders.get(r.key) != r),
    )
