"""Presentation: counts of 1–2 are shown as "<3" to politicians and the public."""

from __future__ import annotations

from django import template

from apps.decisions.outputs import small_count

register = template.Library()


@register.filter
def evb_count(count: int, show_small: bool = False) -> str:
    return str(count) if show_small else small_count(count)


@register.filter
def get_item(row: dict[str, object], key: str) -> object:
    value = row.get(key)
    return "" if value is None else value
