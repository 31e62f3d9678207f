"""Pure chart functions: data in, Plotly figure out (no database, testable alone).

A figure is Plotly's JSON form, {"data": [...], "layout": {...}}, which plotly.js draws
directly; building it as plain data keeps a page with many charts fast (graph_objects
would validate and copy every trace on each request). Amounts are in tkr with Swedish
separators (decimal comma, space between thousands).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Figure = dict[str, Any]

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
OUTCOME = "#123b63"
BUDGET = "#8a6d00"
FORECAST = "#a4262c"
GOOD, BAD = "#1d6b2f", "#a4262c"


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0},
        "separators": ", ",  # decimal comma, space between thousands
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    return layout | extra


def _tkr(values: Sequence[float | None]) -> list[float | None]:
    return [None if v is None else round(v / 1000, 1) for v in values]


def monthly_outcome_vs_budget(outcome: Sequence[float | None], budget: Sequence[float]) -> Figure:
    """Netto per month: outcome as bars, budget as a line (tkr). Missing months are gaps."""
    return {
        "data": [
            {
                "type": "bar",
                "x": MONTHS,
                "y": _tkr(outcome),
                "name": "Utfall",
                "marker": {"color": OUTCOME},
                "hovertemplate": "%{x}: %{y:,.0f} tkr<extra>Utfall</extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": MONTHS,
                "y": _tkr(budget),
                "name": "Budget",
                "line": {"color": BUDGET, "dash": "dash"},
                "hovertemplate": "%{x}: %{y:,.0f} tkr<extra>Budget</extra>",
            },
        ],
        "layout": _layout(
            "Netto per månad: utfall och budget (tkr)",
            yaxis={"title": {"text": "tkr"}, "tickformat": ",.0f"},
        ),
    }


def cumulative_with_forecast(
    outcome: Sequence[float], budget: Sequence[float], months_in: int, forecast: float
) -> Figure:
    """Cumulative netto against cumulative budget, and the computed forecast to December."""
    cumulative_outcome: list[float | None] = []
    cumulative_budget: list[float] = []
    total_o = total_b = 0.0
    for month in range(12):
        total_b += budget[month]
        cumulative_budget.append(total_b)
        total_o += outcome[month]
        cumulative_outcome.append(total_o if month < months_in else None)
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": MONTHS,
            "y": _tkr(cumulative_budget),
            "name": "Budget",
            "line": {"color": BUDGET, "dash": "dash"},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": MONTHS,
            "y": _tkr(cumulative_outcome),
            "name": "Utfall",
            "line": {"color": OUTCOME, "width": 3},
        },
    ]
    if 0 < months_in < 12:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [MONTHS[months_in - 1], "dec"],
                "y": _tkr([sum(outcome[:months_in]), forecast]),
                "name": "Beräknad prognos",
                "line": {"color": FORECAST, "dash": "dot"},
            }
        )
    return {
        "data": data,
        "layout": _layout(
            "Ackumulerat netto mot budget, med prognos (tkr)",
            yaxis={"title": {"text": "tkr"}, "tickformat": ",.0f"},
        ),
    }


def deviation_per_cost_centre(names: Sequence[str], deviations: Sequence[float]) -> Figure:
    """Deviation (utfall − budget) per cost centre as horizontal bars: green over, red under."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": list(names),
                "x": _tkr(deviations),
                "marker": {"color": [GOOD if d >= 0 else BAD for d in deviations]},
                "hovertemplate": "%{y}: %{x:,.0f} tkr<extra></extra>",
                "name": "Avvikelse",
            },
        ],
        "layout": _layout(
            "Avvikelse mot budget per ansvar (tkr)",
            height=max(300, 28 * len(names) + 100),
            hovermode="closest",
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": "tkr (+ överskott, − underskott)"}, "tickformat": ",.0f"},
        ),
    }


SECTION_COLOURS = {
    "ny": ("Nya", "#123b63"),
    "verkstallda": ("Verkställda", "#1d6b2f"),
    "avslutade": ("Avslutade", "#6b6b6b"),
    "fortfarande_ej_verkstallda": ("Fortfarande ej verkställda", "#a4262c"),
}


def stacked_quarters(
    title: str, quarters: Sequence[str], counts: dict[str, Sequence[int]]
) -> Figure:
    """Decisions per quarter, stacked by section (new, carried out, closed, still open)."""
    return {
        "data": [
            {
                "type": "bar",
                "x": list(quarters),
                "y": list(counts[key]),
                "name": label,
                "marker": {"color": colour},
            }
            for key, (label, colour) in SECTION_COLOURS.items()
        ],
        "layout": _layout(title, barmode="stack", yaxis={"title": {"text": "antal beslut"}}),
    }


def waiting_bands(bands: Sequence[str], counts: Sequence[int]) -> Figure:
    """How long the decisions not yet carried out have waited."""
    return {
        "data": [
            {
                "type": "bar",
                "x": list(bands),
                "y": list(counts),
                "name": "Väntar",
                "marker": {"color": "#a4262c"},
            }
        ],
        "layout": _layout(
            "Väntetid för ej verkställda beslut",
            hovermode="closest",
            yaxis={"title": {"text": "antal beslut"}},
        ),
    }
