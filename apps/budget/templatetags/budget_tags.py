"""Template filters of the budget tables: kronor as tkr without a unit (the heading has it)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from apps.core.formatting import format_number
from apps.core.periods import MONTHS

register = template.Library()


@register.filter
def tkr(value: float | Decimal | int | None) -> str:
    """Kronor as whole tkr: -754759972 → "−754 760"; None → "–"."""
    return "–" if value is None else format_number(float(value) / 1000)


@register.filter
def month_name(month: int | None) -> str:
    """12 → "december"; anything else than 1–12 as it is."""
    if isinstance(month, int) and 1 <= month <= len(MONTHS):
        return MONTHS[month - 1]
    return "" if month is None else str(month)
