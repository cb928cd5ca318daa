"""``programmes`` and ``use``: what the bot knows, and this channel's default programme."""

from __future__ import annotations

from commands import listings
from commands.answer import Answer
from commands.call import Call
from commands.errors import BadInput, ProgrammeNotFound
from commands.registry import command


@command(
    "programmes",
    summary="The programmes the bot knows, with their papers and dates.",
    usage="programmes",
    examples=("programmes",),
    aliases=("programs",),
    listing=listings.KNOWN,
)
def programmes(call: Call) -> Answer:
    if call.args:
        raise BadInput(f'I did not understand "{call.rest}" after "programmes".', ("programmes",))
    lines = []
    default = call.preferences.default_programme(call.context.channel_id)
    known = call.kb.programmes()
    for programme in known:
        when = programme.paper_date.display() if programme.paper_date else "date not given"
        mark = " (this channel's default)" if programme.id == default else ""
        meeting = programme.meeting if programme.meeting.lower() not in {"", "not stated"} else ""
        where = ", ".join(filter(None, (programme.council, meeting, when)))
        lines.append(f"{programme.id}{mark}: {programme.title} ({where})")
    return Answer(
        title=f"{len(lines)} programmes",
        lines=tuple(lines),
        sources=tuple(p.document_title for p in known),
        suggestions=tuple(f"use {p.id}" for p in known if p.id != default)[-1:],
    )


CLEARING = frozenset({"none", "all", "nothing", "off", "clear", "reset", "no"})


@command(
    "use",
    summary="Set this channel's default programme, so questions need not name it; `use none` clears it.",
    usage="use <programme> | use none",
    examples=("use haringey-mtfs-2017", "use kent", "use none"),
    brief="use <programme>|none",
    listing=listings.KNOWN,
    writes=True,
)
def use(call: Call) -> Answer:
    if call.scope.how not in {"text", "option"} and {w.lower() for w in call.args} & CLEARING:
        return _clear_default(call)
    if call.scope.how not in {"text", "option"} or not call.scope.single:
        known = ", ".join(p.id for p in call.kb.programmes())
        if call.scope.how == "text":
            raise BadInput(
                f'"{call.request.rest}" matches several programmes; pick one of: {known}.'
            )
        raise ProgrammeNotFound(
            f'No programme "{call.request.rest}". Known programmes: {known}.'
            if call.request.rest
            else f"Say which programme: {known}.",
            ("programmes",),
        )
    programme_id = call.scope.single
    call.preferences.set_default_programme(
        call.context.channel_id, programme_id, call.context.user_id
    )
    return Answer(
        title=f"This channel now uses {programme_id} by default.",
        lines=("Questions that name no programme are answered for it; `use none` undoes this.",),
        data={"programme": programme_id},
    )


def _clear_default(call: Call) -> Answer:
    """``use none`` (or ``use all``): questions that name no programme cover every one again."""
    had = call.preferences.default_programme(call.context.channel_id)
    call.preferences.clear_default_programme(call.context.channel_id, call.context.user_id)
    if had is None:
        return Answer(
            title="This channel has no default programme.",
            lines=("Questions that name no programme are answered for every programme.",),
            data={"programme": None},
        )
    return Answer(
        title=f"This channel no longer uses {had} by default.",
        lines=("Questions that name no programme are answered for every programme again.",),
        data={"programme": None, "was": had},
    )
