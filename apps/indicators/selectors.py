"""Reads of the indicators app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from apps.indicators.models import IndicatorValue

EXPORT_FIELDS = [
    "kpi",
    "municipality",
    "period",
    "gender",
    "value",
    "status",
    "count",
    "preliminary",
]


def indicator_export_rows(kpi: str, units: list[str] | None = None) -> list[dict[str, Any]]:
    """Every value of one indicator as plain rows, sorted by unit code, period and gender.

    `municipality` is the Kolada code or the group id; a missing value is None.
    """
    values = IndicatorValue.objects.filter(indicator__code=kpi).with_preliminary()
    if units:
        values = values.filter(Q(municipality__code__in=units) | Q(group__code__in=units))
    columns = values.values_list(  # type: ignore[misc]  # "preliminary" is annotated
        "municipality__code",
        "group__code",
        "period",
        "gender",
        "value",
        "status",
        "count",
        "preliminary",
    )
    rows = [
        {
            "kpi": kpi,
            "municipality": municipality or group,
            "period": period,
            "gender": gender,
            "value": value,
            "status": status,
            "count": count,
            "preliminary": bool(preliminary),
        }
        for municipality, group, period, gender, value, status, count, preliminary in columns
    ]
    rows.sort(key=lambda row: (row["municipality"], row["period"], row["gender"]))
    return rows
