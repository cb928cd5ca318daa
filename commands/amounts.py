"""Read money as finance officers type it: 120k, £120k, 0.12m, £1.2m, 120,000 or 120000."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from commands.errors import BadInput

_AMOUNT = re.compile(
    r"^(?P<sign>-)?£?\s*(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<unit>k|m|bn|thousand|million)?$",
    re.I,
)
_SCALE = {
    "k": Decimal(1),
    "thousand": Decimal(1),
    "m": Decimal(1000),
    "million": Decimal(1000),
    "bn": Decimal(1_000_000),
}


MAX_THOUSANDS = Decimal(10_000_000)  # £10bn: far beyond any council budget line


@dataclass(frozen=True)
class ReadAmount:
    thousands: Decimal
    explanation: str


def parse_amount(text: str) -> ReadAmount:
    """The amount in GBP thousands, and how it was read (echoed back to the user)."""
    cleaned = text.strip().replace("\u00a3", "£")
    match = _AMOUNT.match(cleaned)
    if not match or (
        match["number"].count(",")
        and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", match["number"])
    ):
        raise BadInput(
            f'"{text}" is not an amount I can read: write it like 120k, £120k, 0.12m or 120000.',
        )
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        raise BadInput(f'"{text}" is not an amount I can read.') from None
    if match["sign"]:
        raise BadInput(f'"{text}": amounts cannot be negative.')
    unit = (match["unit"] or "").lower()
    try:
        thousands = number * _SCALE[unit] if unit else number / 1000
    except ArithmeticError:
        raise BadInput(f'"{text}" is not an amount I can read.') from None
    if thousands > MAX_THOUSANDS:
        raise BadInput(f'"{text}" is more than £10bn: check the amount and its unit.')
    if thousands != thousands.quantize(Decimal("0.001")):
        raise BadInput(f'"{text}" is more precise than a whole pound.')
    if unit:
        how = f'"{text}" read as £{_plain(thousands)}k'
    else:
        how = (
            f'"{text}" read as £{_plain(number)} = £{_plain(thousands)}k (write 120k for thousands)'
        )
    return ReadAmount(clean(thousands), how)


def clean(value: Decimal) -> Decimal:
    """Drop trailing zeros without scientific notation: 120.000 -> 120, 0.120 -> 0.12."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _plain(value: Decimal) -> str:
    return f"{clean(value):,f}"
