"""A reminder as Slack Block Kit, with a plain fallback for notifications.

Dates go through Slack's ``<!date^...>`` token so each reader sees them in their own time zone.
A date with no time is anchored at noon in the board's zone, so the day shown never slips to the
day before or after for a reader a few hours away.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from bot.slack.blocks import (
    CONTEXT_LIMIT,
    FALLBACK_LIMIT,
    HEADER_LIMIT,
    SECTION_LIMIT,
    clip,
    clip_escaped,
    escape,
)
from commands.formatting import days_phrase
from scheduler.content import ReminderContent

FIELD_LIMIT = 2000


def slack_date(moment: datetime, token: str, fallback: str) -> str:
    """``<!date^UNIX^{token}|fallback>``; the fallback shows where the token is not supported."""
    return f"<!date^{int(moment.timestamp())}^{token}|{escape(fallback)}>"


def _long(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def when_text(content: ReminderContent) -> str:
    """The milestone's date at the precision the paper (or the admin) gave it."""
    moment = content.milestone_at
    if content.time_fixed:
        return slack_date(
            moment, "{date_long_pretty} at {time}", f"{_long(moment)} at {moment:%H:%M}"
        )
    noon = datetime.combine(moment.date(), time(12, 0), tzinfo=moment.tzinfo)
    if content.day_fixed:
        return slack_date(noon, "{date_long_pretty}", _long(moment))
    first = slack_date(noon, "{date_long}", f"{moment.day} {moment:%B %Y}")
    return f"{escape(content.date_text)} (the day is not fixed yet; counted from {first})"


def _fields(content: ReminderContent) -> list[dict[str, Any]]:
    pairs = [("Phase now", "; ".join(content.phases) or "no phase running")]
    if content.savings:
        target = f"{content.savings.target} ({content.savings.period})"
        if content.savings.identified is not None:
            target += f", identified {content.savings.identified}"
        pairs.append(("Savings target", target))
        pairs.append(("Savings gap", content.savings.verdict or "not worked out"))
    if content.delivery:
        pairs.append(("Delivery so far", content.delivery))
    rounding = content.findings - content.mismatches
    findings = (
        f"{content.findings} ({content.mismatches} mismatch"
        f"{'es' if content.mismatches != 1 else ''}, {rounding} rounding); `/cyps check`"
        if content.findings
        else "none: the printed totals add up"
    )
    pairs.append(("Audit findings", findings))
    return [
        {"type": "mrkdwn", "text": clip_escaped(f"*{label}:*\n{escape(value)}", FIELD_LIMIT)}
        for label, value in pairs
    ]


def render_reminder(content: ReminderContent) -> tuple[str, list[dict[str, Any]]]:
    """Fallback text and Block Kit blocks for one reminder."""
    noun = content.kind.replace("-", " ").capitalize()
    when = days_phrase(content.days_to_go, content.day_fixed)
    header = clip(f"{noun} {when}: {content.title}", HEADER_LIMIT)
    lines = [
        f"*{escape(content.programme_title)}* (`{escape(content.programme_id)}`)",
        f"*When:* {when_text(content)}",
    ]
    if content.decides:
        lines.append(f"*Decides:* {escape(content.decides)}")
    lines.extend(f":warning: {escape(warning)}" for warning in content.warnings)
    lines.extend(f"_How we read the paper:_ {escape(note)}" for note in content.notes)
    body = "\n".join(lines)
    if len(body) > SECTION_LIMIT:
        body = clip_escaped(body, SECTION_LIMIT)
    sources = clip_escaped(escape("Source: " + "; ".join(content.sources)), CONTEXT_LIMIT)
    reference = (
        f"cyps reminder, {escape(content.lead)} before · ref `{escape(content.key)}`"
        " · `/cyps reminders` lists the next ones"
    )
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": False}},
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
        {"type": "section", "fields": _fields(content)},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": sources}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": reference}]},
    ]
    # Slack reads the fallback as mrkdwn too: a title typed as <!channel> must not ping anyone.
    fallback = clip_escaped(
        escape(f"Reminder: {content.kind} {content.title} ({content.programme_id}) {when}"),
        FALLBACK_LIMIT,
    )
    return fallback, blocks
