"""Slack's encoding of command text, undone before the engine sees it."""

from __future__ import annotations

import re

# <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1|@team>, <https://x|label>
_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def _unescape(text: str) -> str:
    """Slack escapes only &, < and > (as &amp; &lt; &gt;); &amp; last so "&amp;lt;" stays "&lt;"."""
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def _readable(token: str) -> str:
    """What the person saw in their message box for one <...> token."""
    target, _, label = token.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        name = target[1:].split("^")[0]
        if name in {"here", "channel", "everyone"}:
            return "@" + name
        return label or name  # a user group's label carries its "@"; a date's is its fallback
    return label or target.removeprefix("mailto:")


def decode_slack_text(text: str) -> str:
    """Turn Slack's wire form into what the user typed: ``&amp;`` to ``&``, ``<@U1|ann>`` to ``@ann``.

    Slack escapes the user's own ``&``, ``<`` and ``>``, so every raw ``<...>`` is markup it
    added; decoding markup first and entities second keeps a typed ``&lt;`` as text.
    """
    if "<" not in text and "&" not in text:
        return text
    parts: list[str] = []
    position = 0
    for match in _MARKUP.finditer(text):
        parts.append(_unescape(text[position : match.start()]))
        parts.append(_unescape(_readable(match.group(1))))
        position = match.end()
    parts.append(_unescape(text[position:]))
    return "".join(parts)
