"""What a button that asks a question again carries: the question, the day it was answered
for, and a signature that shows this bot made exactly that value.

Slack hands a button's value back when it is clicked, and the click is a request like any
other: whoever can send one can send any value. So the value is signed with a key only the
bot holds (``knowledge.state.signing_keys``, the same in every process and after a restart;
Socket Mode has no signing secret to use instead), and a value that was changed, or made by
something else, is refused. Any button that carries a question (share, and follow-ups such as
"more") can use the pair ``button_value`` / ``read_button_value``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date

SCHEME = "q1"
KEY_NAME = "slack-buttons"  # the signing key's name in the state file
BUTTON_VALUE_LIMIT = 2000  # Slack's limit for a button's value
_SIGNATURE_BYTES = 16
_DOMAIN = b"cyps button value\x00"


class ButtonValueError(ValueError):
    """A button value this bot did not make, or one that was changed since; says which."""


def _signature(payload: str, key: bytes) -> str:
    digest = hmac.new(key, _DOMAIN + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).decode().rstrip("=")


def button_value(question: str, day: date, key: bytes) -> str | None:
    """``q1 <signature> <YYYY-MM-DD> <question>``, or None if it is too long for a button.

    Carrying the day means a click after midnight shows the answer the person saw.
    """
    payload = f"{day.isoformat()} {question}"
    value = f"{SCHEME} {_signature(payload, key)} {payload}"
    return value if len(value) <= BUTTON_VALUE_LIMIT else None


def read_button_value(value: str, key: bytes) -> tuple[str, date]:
    """The question and day a value carries; ButtonValueError unless this bot signed it."""
    scheme, _, rest = value.partition(" ")
    signature, _, payload = rest.partition(" ")
    if scheme != SCHEME:
        raise ButtonValueError("the button was made by an older version of the bot or not by it")
    if not hmac.compare_digest(signature.encode(), _signature(payload, key).encode()):
        raise ButtonValueError("the button was not made by this bot, or was changed since")
    try:
        day = date.fromisoformat(payload[:10])
    except ValueError:
        raise ButtonValueError("the button's date cannot be read") from None
    return payload[11:], day
