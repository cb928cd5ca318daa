"""``digest``: the board digest on demand; ``digest here [cron]`` and ``digest off`` (admins)
post it in a channel on a schedule, or stop it. The schedule itself lives in ``scheduler/``,
reached through the ``DigestSystem`` the bot gives the engine."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.digest_system import EVERY_PROGRAMME, DigestSystem
from commands.errors import BadDateInput, BadInput, Forbidden
from commands.parsing import parse_day
from commands.registry import command
from knowledge.dates import LONDON

DEFAULT_SINCE = timedelta(days=7)  # without an earlier digest, changes of the past week


def _system(call: Call) -> DigestSystem:
    if call.digests is None:
        raise BadInput("Scheduled digests are not available here: start the bot with its data.")
    return call.digests


def _moment(text: str) -> datetime:
    """``since`` as typed: a date (its midnight in London) or an ISO date-time."""
    if "T" in text:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise BadDateInput(
                f'"{text}" is not a date-time: write it as 2015-02-13T09:00'
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
    return datetime.combine(parse_day(text), time(0), tzinfo=LONDON)


def _since(call: Call, words: list[str]) -> datetime:
    if words and words[0].lower() == "since" and len(words) == 2:
        return _moment(words[1])
    if words:
        raise BadInput(
            f'I did not understand "{" ".join(words)}" after "digest".',
            ("digest haringey-54000", "digest since 2015-02-13", "help digest"),
        )
    last = None
    if call.digests is not None and call.context.via == "slack":
        last = call.digests.last_digest(call.context.channel_id, call.scope.programme_ids)
    start = datetime.combine(call.today - DEFAULT_SINCE, time(0), tzinfo=LONDON)
    return last or start


@command(
    "digest",
    summary="The board digest: the next 4 weeks' milestones, what changed since the last digest, delivery, the audit and the savings chart; admins post it here on a schedule.",
    usage="digest [programme] [since YYYY-MM-DD] | digest here [cron] | digest off",
    examples=(
        "digest haringey-54000 as of 2015-02-20",
        "digest haringey-mtfs-2017 since 2017-01-01",
    ),
    writes_with=("here", "off"),
    brief="digest",
    listing=listings.RECORD,
    narrows="bare",
)
def digest(call: Call) -> Answer:
    words = list(call.args)
    action = words[0].lower() if words else ""
    if action in {"here", "off"}:
        if not call.context.is_admin:
            raise Forbidden(
                f"Only the board's admins can use `digest {action}`; ask one of them.", ("digest",)
            )
        return _here(call, words[1:]) if action == "here" else _off(call, words[1:])
    since = _since(call, words)
    end = datetime.combine(call.today + timedelta(days=1), time(0), tzinfo=LONDON)
    from commands.digest_content import digest_answer  # with its charts, only when asked for

    return digest_answer(call, since, end)


def _programme(call: Call) -> str | None:
    """The one programme the text, the option or the channel's default names, if any."""
    return call.scope.single if call.scope.how in {"text", "option", "channel"} else None


def _here(call: Call, cron: list[str]) -> Answer:
    if call.context.via != "slack":
        raise BadInput(
            "Type `/cyps digest here` in the Slack channel that should get the digest; "
            "outside Slack, set CYPS_DIGEST_CHANNEL."
        )
    programme = _programme(call) or EVERY_PROGRAMME
    setting = _system(call).set_here(
        call.context.channel_id,
        programme,
        " ".join(cron) or None,
        call.context.user_id,
        call.write_time(),
    )
    label = "every programme" if programme == EVERY_PROGRAMME else programme
    upcoming = (
        setting.next_at.astimezone(UTC).isoformat(timespec="minutes")
        if setting.next_at
        else "never"
    )
    return Answer(
        title=f"The board digest for {label} will be posted in this channel.",
        lines=(f"Schedule: `{setting.cron}`; next: {upcoming} (UTC)",),
        suggestions=("digest",),
        command="digest here",
    )


def _off(call: Call, rest: list[str]) -> Answer:
    if rest:
        raise BadInput('Use "digest off", with a programme if needed.', ("digest off",))
    stopped = _system(call).turn_off(
        call.context.channel_id, _programme(call), call.context.user_id, call.write_time()
    )
    title = (
        f"The board digest will no longer be posted here ({stopped} schedule{'s' if stopped != 1 else ''} stopped)."
        if stopped
        else "No digest was scheduled in this channel."
    )
    return Answer(title=title, command="digest off")
