"""Checking an own figure the way the entry page and the admin import both do."""

from __future__ import annotations

from decimal import Decimal

from apps.core.cells import finite_float
from apps.core.formatting import parse_number
from apps.indicators.models import Indicator

WRONG_UNIT = "Fel enhet: {title} anges i {unit}, inte {given}."
OUT_OF_RANGE = "{value} är inte rimligt här: värdet ska ligga mellan {low} och {high}{unit}."
TOO_LOW = "{value} är inte rimligt här: värdet ska vara minst {low}{unit}."
NOT_WHOLE = "Antal anges som ett heltal (fick {value})."

UNIT_WORDS = {
    "%": Indicator.Unit.PERCENT,
    "procent": Indicator.Unit.PERCENT,
    "kr": Indicator.Unit.KRONOR,
    "kronor": Indicator.Unit.KRONOR,
    "dagar": Indicator.Unit.DAYS,
    "dag": Indicator.Unit.DAYS,
    "st": Indicator.Unit.COUNT,
    "antal": Indicator.Unit.COUNT,
    "personer": Indicator.Unit.COUNT,
}
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    Indicator.Unit.PERCENT: (0, 100),
    Indicator.Unit.INDEX: (0, 100),
    Indicator.Unit.COUNT: (0, None),
    Indicator.Unit.DAYS: (0, None),
    Indicator.Unit.KRONOR: (None, None),
}


def split_unit(text: str) -> tuple[str, str]:
    """'12,5 %' → ('12,5', '%'); '7 dagar' → ('7', 'dagar'); '1 234' → ('1 234', '')."""
    stripped = text.strip()
    for word in sorted(UNIT_WORDS, key=len, reverse=True):
        if stripped.lower().endswith(word):
            number = stripped[: -len(word)].rstrip()
            if number and (number[-1].isdigit() or number[-1] == ","):
                return number, word
    return stripped, ""


def clean_own_value(indicator: Indicator, text: str) -> Decimal:
    """Parse Swedish input and check unit and plausible range; raise ValueError in Swedish."""
    number_text, given_unit = split_unit(text)
    if given_unit and UNIT_WORDS[given_unit] != indicator.unit:
        raise ValueError(
            WRONG_UNIT.format(
                title=indicator.title, unit=indicator.get_unit_display(), given=given_unit
            )
        )
    value = parse_number(number_text)
    finite_float(value)  # 1e400 is a Decimal but no float: refused, never stored as inf
    low, high = UNIT_RANGES.get(indicator.unit, (None, None))
    low = indicator.valid_min if indicator.valid_min is not None else low
    high = indicator.valid_max if indicator.valid_max is not None else high
    unit = f" {indicator.unit}" if indicator.unit else ""
    shown = str(value).replace(".", ",")
    if (low is not None and value < Decimal(str(low))) or (
        high is not None and value > Decimal(str(high))
    ):
        if high is None:
            raise ValueError(TOO_LOW.format(value=shown, low=_num(low), unit=unit))
        raise ValueError(
            OUT_OF_RANGE.format(value=shown, low=_num(low), high=_num(high), unit=unit)
        )
    if indicator.unit == Indicator.Unit.COUNT and value != value.to_integral_value():
        raise ValueError(NOT_WHOLE.format(value=shown))
    return value


def _num(number: float | None) -> str:
    if number is None:
        return "–"
    return f"{number:g}".replace(".", ",")
