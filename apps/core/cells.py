"""Checking one cell of an imported file before anything is written: text without control
characters and within the model's max_length, finite numbers within the column's limits,
plausible dates. Each check raises ValueError with a Swedish message (the reader adds the
file, row and column)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils import timezone

CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# Values of FloatFields (indicator values): far beyond any real figure, well inside a double.
FLOAT_LIMIT = 1e15

HAS_CONTROL = "innehåller ett otillåtet styrtecken (U+{code:04X})"
TOO_LONG = "högst {limit} tecken (fick {length})"
TOO_BIG = "beloppet {text} är för stort (högst {digits} siffror före decimaltecknet)"
NOT_FINITE = "väntade ett ändligt tal, fick {value!r}"
FLOAT_TOO_BIG = "{value} är orimligt stort (högst {limit:.0e} till beloppet)"
NOT_A_DATE = "väntade ett datum ÅÅÅÅ-MM-DD, fick {text!r}"
DATE_TOO_EARLY = "{day} ligger före {earliest}; det är inte rimligt här"
DATE_TOO_LATE = "{day} ligger efter {latest}; det är inte rimligt här"


def single_line(text: str, *, max_length: int) -> str:
    """A code, name or reference: no control character at all (tab and newline included)."""
    if bad := CONTROL_IN_LINE.search(text):
        raise ValueError(HAS_CONTROL.format(code=ord(bad.group())))
    return _within(text, max_length)


def free_text(text: str, *, max_length: int | None) -> str:
    """A comment or reason: line breaks and tabs allowed, other control characters not."""
    if bad := CONTROL_IN_TEXT.search(text):
        raise ValueError(HAS_CONTROL.format(code=ord(bad.group())))
    return _within(text, max_length)


def _within(text: str, max_length: int | None) -> str:
    if max_length is not None and len(text) > max_length:
        raise ValueError(TOO_LONG.format(limit=max_length, length=len(text)))
    return text


def max_length(model: type[models.Model], field: str) -> int:
    """The max_length of a model's CharField, so a reader checks what the database will."""
    length = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    assert length is not None, f"{model.__name__}.{field} has no max_length"
    return int(length)


def decimal_for(number: Decimal, model: type[models.Model], field: str) -> Decimal:
    """Round to the DecimalField's places and refuse more digits than it holds."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.DecimalField)
    places, digits = int(column.decimal_places or 0), int(column.max_digits or 0)
    if not number.is_finite():
        raise ValueError(NOT_FINITE.format(value=str(number)))
    rounded = (
        number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if (number.adjusted() < digits - places)
        else number
    )  # quantizing 1E+400 would overflow; it is refused just below
    if rounded.adjusted() >= digits - places:
        raise ValueError(TOO_BIG.format(text=str(number), digits=digits - places))
    return rounded


def finite_float(value: float | int | Decimal, *, limit: float = FLOAT_LIMIT) -> float:
    """A float a FloatField stores and every export writes: no NaN, no infinity, no 1e400."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(NOT_FINITE.format(value=value))
    if abs(number) > limit:
        raise ValueError(FLOAT_TOO_BIG.format(value=value, limit=limit))
    return number


def iso_date(text: str) -> date:
    """Exactly ÅÅÅÅ-MM-DD (no time, no trailing text): '2025-10-01 DROP TABLE' is refused."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(NOT_A_DATE.format(text=text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(NOT_A_DATE.format(text=text)) from None


def plausible_date(day: date, *, earliest: date = date(1990, 1, 1), days_ahead: int = 366) -> date:
    """Not before `earliest` (1990 by default), not more than `days_ahead` after today."""
    latest = timezone.localdate() + timedelta(days=days_ahead)
    if day < earliest:
        raise ValueError(DATE_TOO_EARLY.format(day=day, earliest=earliest))
    if day > latest:
        raise ValueError(DATE_TOO_LATE.format(day=day, latest=latest))
    return day
