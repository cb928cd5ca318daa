"""A reminder's notification text is escaped like every other message the bot sends."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.slack.reminder_blocks import render_reminder
from knowledge.dates import LONDON
from knowledge.queries import KnowledgeBase
from scheduler.content import build_content
from scheduler.planning import ReminderPolicy, parse_leads, plan_reminders


def test_a_title_typed_as_a_mention_does_not_ping_the_channel(kb: KnowledgeBase) -> None:
    reminder = plan_reminders(
        kb.milestones("haringey-54000", ("gateway",)), ReminderPolicy(leads=parse_leads("1d"))
    )[0]
    content = replace(
        build_content(kb, reminder, datetime(2015, 2, 1, 9, tzinfo=LONDON)), title="<!channel> & co"
    )
    fallback, _ = render_reminder(content)
    assert "<!channel>" not in fallback and "&lt;!channel&gt; &amp; co" in fallback
