"""The reminder system behind the commands: the plan, where reminders go, milestone edits.

One object serves ``/cyps reminders``, ``/cyps remind ...``, ``/cyps milestone add|set`` and the
matching ``cyps`` CLI commands, so Slack and the command line change the same rows and see the
same plan. Every write bumps a version number the running scheduler polls.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from commands.errors import BadDateInput, BadInput, NotFound, ProgrammeNotFound
from commands.reminder_system import EVERY_PROGRAMME, PlannedReminder, ReminderSetup
from knowledge.dates import BadDate, PaperDate
from knowledge.model import Milestone
from knowledge.queries import KnowledgeBase
from knowledge.state.milestone_edits import (
    MilestoneEditError,
    MilestoneEdits,
    parse_milestone_date,
)
from scheduler.ledger import Ledger
from scheduler.planning import BadLeads, Reminder, ReminderPolicy, parse_leads, plan_reminders
from scheduler.replanning import PlanBasis
from scheduler.targets import ReminderTargets


class StoredReminderSystem:
    """``commands.reminder_system.ReminderSystem`` over ``state.db`` and the knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        edits: MilestoneEdits,
        targets: ReminderTargets,
        policy: ReminderPolicy,
        ledger: Ledger | None = None,
    ):
        self.kb = kb
        self.edits = edits
        self.targets = targets
        self.policy = policy
        self.ledger = ledger

    # The plan ---------------------------------------------------------------------------
    def current_policy(self) -> ReminderPolicy:
        """The configured policy with each programme's own lead times from the state DB."""
        return replace(self.policy, programme_leads=self.targets.leads())

    def version(self) -> tuple[int, int, int]:
        """Reloads of the knowledge base, changes to milestones and to reminder targets; a new
        value means re-plan."""
        return (self.kb.generation, self.edits.version(), self.targets.version())

    def basis(self, previous: PlanBasis | None = None) -> PlanBasis:
        """What the whole plan is made from now. After ``previous``, from the same build, only
        the milestones edited since are read back (``touched``), not all of them. The build's
        number and the edits' version are read first, so a change while reading shows at the
        next look."""
        build, edits = self.kb.generation, self.edits.version()
        policy, channels = self.current_policy(), self.targets.channels()
        if previous is None or previous.build != build or edits < previous.edits:
            return PlanBasis.of(build, self.kb.milestones(), policy, channels, edits)
        touched = frozenset(self.edits.changed_since(previous.edits))
        milestones = previous.milestones.copy()
        for key in touched:
            milestones.pop(key, None)
        milestones.update(((m.programme_id, m.id), m) for m in self.kb.milestones_keyed(touched))
        return PlanBasis(build, milestones, policy, channels, edits, touched)

    def plan(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        programme_ids: Sequence[str] = (),
    ) -> list[Reminder]:
        milestones = [
            m for m in self.kb.milestones() if not programme_ids or m.programme_id in programme_ids
        ]
        return plan_reminders(
            milestones, self.current_policy(), self.targets.channels(), start, end
        )

    def upcoming(
        self, programme_ids: Sequence[str], after: datetime, limit: int
    ) -> list[PlannedReminder]:
        statuses = {}
        if self.ledger is not None:
            statuses = {e.key: e.status for e in self.ledger.entries(limit=1000)}
        return [
            PlannedReminder(
                due=r.due,
                lead=r.lead.describe(),
                key=r.key,
                programme_id=r.programme_id,
                milestone_id=r.milestone.id,
                kind=r.milestone.kind,
                title=r.milestone.title,
                date_text=r.milestone.date.display(),
                day_fixed=r.day_fixed,
                channel=r.channel,
                status=statuses.get(r.key, "planned"),
            )
            for r in self.plan(start=after, programme_ids=programme_ids)[:limit]
        ]

    def setup(self) -> ReminderSetup:
        policy = self.current_policy()
        return ReminderSetup(
            channels=self.targets.channels(),
            default_channel=policy.default_channel,
            leads={
                p: ",".join(lead.label for lead in v) for p, v in policy.programme_leads.items()
            },
            default_leads=",".join(lead.label for lead in policy.leads),
            kinds=tuple(sorted(policy.kinds)),
            post_at=policy.post_at.strftime("%H:%M"),
            timezone=str(policy.tz),
        )

    # Where and how long before ----------------------------------------------------------
    def _check_programme(self, programme_id: str) -> None:
        if programme_id != EVERY_PROGRAMME and self.kb.programme(programme_id) is None:
            known = ", ".join(p.id for p in self.kb.programmes())
            raise ProgrammeNotFound(
                f'No programme "{programme_id}". Known programmes: {known}.', ("programmes",)
            )

    def set_channel(self, programme_id: str, channel_id: str, user_id: str, at: datetime) -> None:
        self._check_programme(programme_id)
        self.targets.set_channel(programme_id, channel_id, user_id, at)

    def clear_channel(self, programme_id: str, user_id: str, at: datetime) -> bool:
        self._check_programme(programme_id)
        return self.targets.clear_channel(programme_id, user_id, at)

    def set_leads(self, programme_id: str, text: str, user_id: str, at: datetime) -> str:
        self._check_programme(programme_id)
        try:
            leads = parse_leads(text)
        except BadLeads as error:
            raise BadInput(str(error), ("remind leads 14d,7d,1d",)) from None
        self.targets.set_leads(programme_id, leads, user_id, at)
        return ",".join(lead.label for lead in leads)

    # Milestone edits --------------------------------------------------------------------
    def _date(self, when: str) -> PaperDate:
        try:
            return parse_milestone_date(when, self.policy.tz)
        except BadDate as error:
            raise BadDateInput(str(error)) from None

    def add_milestone(
        self,
        programme_id: str,
        kind: str,
        when: str,
        title: str,
        user_id: str,
        at: datetime,
        via: str = "slack",
    ) -> Milestone:
        self._check_programme(programme_id)
        if programme_id == EVERY_PROGRAMME:
            raise BadInput("Name the programme the milestone belongs to with --programme.")
        date = self._date(when)
        taken = [m.id for m in self.kb.milestones(programme_id)]
        try:
            edit = self.edits.add(
                programme_id, kind.lower(), date, title, user_id, at, taken, via=via
            )
        except MilestoneEditError as error:
            raise BadInput(str(error)) from None
        return next(m for m in self.kb.milestones(programme_id) if m.id == edit.id)

    def move_milestone(
        self,
        programme_id: str | None,
        milestone_id: str,
        when: str,
        user_id: str,
        at: datetime,
        via: str = "slack",
    ) -> tuple[Milestone, Milestone]:
        if programme_id:
            self._check_programme(programme_id)
        date = self._date(when)
        candidates = self.kb.milestones(programme_id)
        found = [m for m in candidates if m.id == milestone_id]
        if not found:
            close = difflib.get_close_matches(milestone_id, [m.id for m in candidates], n=3)
            raise NotFound(
                f'No milestone "{milestone_id}"'
                + (f" in {programme_id}" if programme_id else "")
                + ". Milestone ids are listed by `milestones`.",
                tuple(f"milestone set {c} --date {when}" for c in close) or ("milestones",),
            )
        if len(found) > 1:
            raise BadInput(
                f'"{milestone_id}" is a milestone in several programmes; add --programme.',
                tuple(
                    f"milestone set {m.id} --programme {m.programme_id} --date {when}"
                    for m in found
                ),
            )
        before = found[0]
        self.edits.move(before, date, user_id, at, via=via)
        after = next(m for m in self.kb.milestones(before.programme_id) if m.id == before.id)
        return before, after
