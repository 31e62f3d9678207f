"""Sortable tables (django-tables2) for the indicator list and the comparison page.

Sorting follows ?sort= in the address, so a sorted table can be bookmarked and shared.
Missing values (None) sort first ascending, as django-tables2 compares them.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from apps.core.formatting import format_number


class NumberColumn(tables.Column):
    """A right-aligned number in Swedish form; None shows as "–"."""

    def __init__(self, *args: Any, decimals_key: str = "decimals", **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        kwargs.setdefault("default", "–")
        super().__init__(*args, **kwargs)
        self.decimals_key = decimals_key

    def render(self, value: Any, record: dict[str, Any]) -> str:
        return format_number(value, record.get(self.decimals_key, 0))


class IndicatorListTable(tables.Table):
    kod = tables.Column("Kod")
    namn = tables.Column("Nyckeltal")
    omrade = tables.Column("Verksamhetsområde")
    period = tables.Column("Senaste period")
    varde = NumberColumn("Värde")
    forandring = NumberColumn("Förändring")

    class Meta:
        attrs = {"class": "table"}
        orderable = True

    def __init__(self, data: list[dict[str, Any]], units: list[str], **kwargs: Any) -> None:
        extra = [
            (f"enhet_{index}", NumberColumn(label, accessor=f"enhet_{index}"))
            for index, label in enumerate(units, start=1)
        ]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_namn(self, value: str, record: dict[str, Any]) -> str:
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def render_varde(self, value: float, record: dict[str, Any]) -> str:
        text = format_number(value, record["decimals"])
        if record.get("utkast"):
            return format_html('{} <span class="badge badge--draft">Utkast</span>', text)
        if record["preliminar"]:
            return format_html('{} <span class="badge">preliminär</span>', text)
        return text

    def render_forandring(self, value: float, record: dict[str, Any]) -> str:
        sign = "+" if value > 0 else ""
        return f"{sign}{format_number(value, record['decimals'])}"


class ComparisonTable(tables.Table):
    plats = NumberColumn("Plats")
    enhet = tables.Column("Kommun eller grupp")
    varde = NumberColumn("Värde")
    slag = tables.Column("Vad värdet är")

    class Meta:
        attrs = {"class": "table"}
        orderable = True
        row_attrs = {"class": lambda record: "own" if record["kind"] == "own" else ""}

    def __init__(self, data: list[dict[str, Any]], decimals: int, **kwargs: Any) -> None:
        for row in data:
            row["decimals"] = decimals
        super().__init__(data, **kwargs)

    def render_plats(self, value: int) -> str:
        return str(value)

    def render_enhet(self, value: str, record: dict[str, Any]) -> str:
        if record["kind"] == "own":
            return format_html("<strong>{}</strong> (egen kommun)", value)
        return value
