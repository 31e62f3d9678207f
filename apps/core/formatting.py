"""Swedish number formatting and parsing: decimal comma, space between thousands.

Display uses a non-breaking space (so "1 234" never wraps) and the typographic minus.
Parsing accepts what people and Swedish Excel write: "12,5", "1 234", "1\u00a0234,50",
"1'234", "-3,2", "−3,2", "12.5".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
MINUS = "\u2212"
_THOUSANDS_SEPARATORS = re.compile(r"[\s\u00a0\u202f']")

NOT_A_NUMBER = "'{text}' är inte ett tal (skriv t.ex. 12,5 eller 1 234)."


def format_number(value: float | Decimal | int | None, decimals: int = 0) -> str:
    """Format a number the Swedish way; None (missing) becomes an en dash, never 0."""
    if value is None:
        return "–"
    number = value if isinstance(value, float | int) else Decimal(str(value))
    rounded = f"{abs(number):,.{decimals}f}"
    integer, _, fraction = rounded.partition(".")
    text = integer.replace(",", NBSP) + ("," + fraction if fraction else "")
    is_negative = number < 0 and text.strip("0,\u00a0") != ""
    return (MINUS if is_negative else "") + text


def format_input(value: float | Decimal | int | None) -> str:
    """A stored number as an entry field shows it: every decimal it has (never rounded,
    so saving the form again changes nothing), a decimal comma, no thousands separator."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def parse_number(text: str) -> Decimal:
    """Parse a Swedish (or plain) number; raise ValueError with a Swedish message."""
    cleaned = _THOUSANDS_SEPARATORS.sub("", text.strip()).replace(MINUS, "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned:
        # "1,234.5" (English thousands) is ambiguous in a Swedish file: refuse it.
        raise ValueError(NOT_A_NUMBER.format(text=text))
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(text=text)) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER.format(text=text))
    return number
