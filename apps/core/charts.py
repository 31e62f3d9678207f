"""Small helpers the apps' pure chart functions share: the Swedish Plotly layout, amounts in
tkr, month labels and colours. Each app builds its own figures (e.g. apps/budget/charts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Figure = dict[str, Any]

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
OUTCOME = "#123b63"
BUDGET = "#8a6d00"
FORECAST = "#a4262c"
GOOD, BAD = "#1d6b2f", "#a4262c"


def layout(title: str, **extra: Any) -> dict[str, Any]:
    """A figure's layout: title left, decimal comma and space between thousands."""
    base: dict[str, Any] = {
        "title": {"text": title, "x": 0},
        "separators": ", ",
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    return base | extra


def in_tkr(values: Sequence[float | None]) -> list[float | None]:
    """Kronor as tkr with one decimal; None stays a gap."""
    return [None if v is None else round(v / 1000, 1) for v in values]
