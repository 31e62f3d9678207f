"""Pure chart functions: data in, Plotly figure out (no database, testable alone).

Amounts are shown in tkr with Swedish separators (decimal comma, space for thousands).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
OUTCOME = "#123b63"
BUDGET = "#8a6d00"
FORECAST = "#a4262c"
GOOD, BAD = "#1d6b2f", "#a4262c"


def _layout(title: str, **extra: object) -> go.Layout:
    settings: dict[str, object] = {
        "title": {"text": title, "x": 0},
        "separators": ", ",  # decimal comma, space between thousands
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    return go.Layout(**(settings | extra))


def monthly_outcome_vs_budget(
    outcome: Sequence[float | None], budget: Sequence[float]
) -> go.Figure:
    """Netto per month: outcome as bars, budget as a line (tkr). Missing months are gaps."""
    figure = go.Figure(layout=_layout("Netto per månad: utfall och budget (tkr)"))
    figure.add_bar(
        x=MONTHS,
        y=[None if v is None else v / 1000 for v in outcome],
        name="Utfall",
        marker_color=OUTCOME,
        hovertemplate="%{x}: %{y:,.0f} tkr<extra>Utfall</extra>",
    )
    figure.add_scatter(
        x=MONTHS,
        y=[v / 1000 for v in budget],
        name="Budget",
        mode="lines+markers",
        line={"color": BUDGET, "dash": "dash"},
        hovertemplate="%{x}: %{y:,.0f} tkr<extra>Budget</extra>",
    )
    figure.update_yaxes(title_text="tkr", tickformat=",.0f")
    return figure


def cumulative_with_forecast(
    outcome: Sequence[float], budget: Sequence[float], months_in: int, forecast: float
) -> go.Figure:
    """Cumulative netto against cumulative budget, and the computed forecast to December."""
    figure = go.Figure(layout=_layout("Ackumulerat netto mot budget, med prognos (tkr)"))
    cumulative_outcome: list[float | None] = []
    cumulative_budget: list[float] = []
    total_o = total_b = 0.0
    for month in range(12):
        total_b += budget[month]
        cumulative_budget.append(total_b / 1000)
        total_o += outcome[month]
        cumulative_outcome.append(total_o / 1000 if month < months_in else None)
    figure.add_scatter(
        x=MONTHS,
        y=cumulative_budget,
        name="Budget",
        mode="lines",
        line={"color": BUDGET, "dash": "dash"},
    )
    figure.add_scatter(
        x=MONTHS,
        y=cumulative_outcome,
        name="Utfall",
        mode="lines+markers",
        line={"color": OUTCOME, "width": 3},
    )
    if 0 < months_in < 12:
        figure.add_scatter(
            x=[MONTHS[months_in - 1], "dec"],
            y=[sum(outcome[:months_in]) / 1000, forecast / 1000],
            name="Beräknad prognos",
            mode="lines+markers",
            line={"color": FORECAST, "dash": "dot"},
        )
    figure.update_yaxes(title_text="tkr", tickformat=",.0f")
    return figure


def deviation_per_cost_centre(names: Sequence[str], deviations: Sequence[float]) -> go.Figure:
    """Deviation (utfall − budget) per cost centre as horizontal bars: green over, red under."""
    height = max(300, 28 * len(names) + 100)
    figure = go.Figure(
        layout=_layout("Avvikelse mot budget per ansvar (tkr)", height=height, hovermode="closest")
    )
    figure.add_bar(
        y=list(names),
        x=[d / 1000 for d in deviations],
        orientation="h",
        marker_color=[GOOD if d >= 0 else BAD for d in deviations],
        hovertemplate="%{y}: %{x:,.0f} tkr<extra></extra>",
        name="Avvikelse",
    )
    figure.update_xaxes(title_text="tkr (+ överskott, − underskott)", tickformat=",.0f")
    figure.update_yaxes(autorange="reversed")
    return figure
