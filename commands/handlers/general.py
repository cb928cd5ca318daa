"""``programmes``, ``use`` and ``help``."""

from __future__ import annotations

import functools

from commands.answer import Answer
from commands.engine import Call
from commands.errors import BadInput, ProgrammeNotFound
from commands.registry import REGISTRY, command, unique_commands


@command(
    "programmes",
    summary="The programmes the bot knows, with their papers and dates.",
    usage="programmes",
    examples=("programmes",),
    aliases=("programs",),
)
def programmes(call: Call) -> Answer:
    lines = []
    default = call.preferences.default_programme(call.context.channel_id)
    known = call.kb.programmes()
    for programme in known:
        when = programme.paper_date.display() if programme.paper_date else "date not given"
        mark = " (this channel's default)" if programme.id == default else ""
        lines.append(
            f"{programme.id}{mark}: {programme.title} - {programme.council}, {programme.meeting}, {when}"
        )
    return Answer(
        title=f"{len(lines)} programmes",
        lines=tuple(lines),
        sources=tuple(p.document_title for p in known),
        suggestions=tuple(f"use {p.id}" for p in known if p.id != default)[-1:],
    )


@command(
    "use",
    summary="Set this channel's default programme, so questions need not name it.",
    usage="use <programme>",
    examples=("use haringey-mtfs-2017", "use kent"),
    writes=True,
)
def use(call: Call) -> Answer:
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
        lines=("Questions that name no programme are answered for it.",),
        data={"programme": programme_id},
    )


def help_text_for(name: str) -> Answer:
    spec = REGISTRY[name]
    lines = [spec.summary, f"Usage: /cyps {spec.usage}"]
    lines.extend(f"Example: /cyps {example}" for example in spec.examples)
    if spec.aliases:
        lines.append("Also: " + ", ".join(spec.aliases))
    return Answer(title=f"/cyps {spec.name}", lines=tuple(lines))


@command(
    "help",
    summary="What the bot can answer, or how to use one command.",
    usage="help [command]",
    examples=("help", "help savings"),
)
def help_command(call: Call) -> Answer:
    if call.request.args:
        name = call.request.args[0].lower()
        if name in REGISTRY:
            return help_text_for(name)
        raise BadInput(f'There is no command "{name}".', ("help",))
    return Answer(
        title="/cyps commands",
        lines=_command_list(call.context.is_admin, len(REGISTRY)),
        suggestions=("savings 1.6", "gateway next", "check"),
    )


@functools.cache
def _command_list(for_admin: bool, registered: int) -> tuple[str, ...]:
    """The listing depends only on the registry (keyed by its size, should it grow) and the
    asker's role, so it is written once per role rather than on every ``help``."""
    specs = [s for s in unique_commands() if not s.admin or for_admin]
    lines = [f"`{s.usage}` - {s.summary}" for s in specs if s.name != "ask"]
    lines.append("Anything else is a question: I search proposals, phases, milestones and figures.")
    lines.append(
        "Add `as of YYYY-MM-DD` to any question to change the date; name a programme to scope it."
    )
    return tuple(lines)
