"""Template helpers for the register pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(row: dict[str, object], key: str) -> object:
    value = row.get(key)
    return "" if value is None else value
