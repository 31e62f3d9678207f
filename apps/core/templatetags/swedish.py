"""Presentation filters: Swedish numbers in templates ({{ value|sv_number:1 }})."""

from __future__ import annotations

from decimal import Decimal

from django import template

from apps.core.formatting import format_number

register = template.Library()


@register.filter
def sv_number(value: float | Decimal | int | None, decimals: int = 0) -> str:
    return format_number(value, int(decimals))
