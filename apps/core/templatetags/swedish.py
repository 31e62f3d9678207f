"""Presentation filters: Swedish numbers in templates ({{ value|sv_number:1 }})."""

from __future__ import annotations

from decimal import Decimal

from django import template

from apps.core.formatting import format_number

register = template.Library()


@register.filter
def sv_number(value: float | Decimal | int | None, decimals: int = 0) -> str:
    return format_number(value, int(decimals))


@register.filter
def sv_tkr(value: float | Decimal | int | None) -> str:
    """Kronor shown as whole tkr: -754759972 → "−754 760 tkr"."""
    return "–" if value is None else f"{format_number(float(value) / 1000)} tkr"
