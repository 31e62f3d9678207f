"""The budget page's three charts: pure functions from figures to Plotly figures (no
database), built on the shared helpers in apps/core/charts.py, and budget_charts() that
feeds them from the overview."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apps.budget.selectors import BudgetOverview, areas_of
from apps.core.charts import BAD, BUDGET, FORECAST, GOOD, MONTHS, OUTCOME, Figure, in_tkr, layout

TKR_AXIS = {"title": {"text": "tkr"}, "tickformat": ",.0f"}


def monthly_outcome_vs_budget(outcome: Sequence[float | None], budget: Sequence[float]) -> Figure:
    """Netto per month: outcome as bars, budget as a line (tkr). Missing months are gaps."""
    return {
        "data": [
            {"type": "bar", "x": MONTHS, "y": in_tkr(outcome), "name": "Utfall",
             "marker": {"color": OUTCOME},
             "hovertemplate": "%{x}: %{y:,.0f} tkr<extra>Utfall</extra>"},
            {"type": "scatter", "mode": "lines+markers", "x": MONTHS, "y": in_tkr(budget),
             "name": "Budget", "line": {"color": BUDGET, "dash": "dash"},
             "hovertemplate": "%{x}: %{y:,.0f} tkr<extra>Budget</extra>"},
        ],
        "layout": layout("Netto per månad: utfall och budget (tkr)", yaxis=TKR_AXIS),
    }  # fmt: skip


def cumulative_with_forecast(
    outcome: Sequence[float], budget: Sequence[float], months_in: int, forecast: float
) -> Figure:
    """Cumulative netto against cumulative budget, and the computed forecast to December."""
    cumulative_outcome: list[float | None] = []
    cumulative_budget: list[float | None] = []
    total_o = total_b = 0.0
    for month in range(12):
        total_b += budget[month]
        cumulative_budget.append(total_b)
        total_o += outcome[month]
        cumulative_outcome.append(total_o if month < months_in else None)
    data = [
        {"type": "scatter", "mode": "lines", "x": MONTHS, "y": in_tkr(cumulative_budget),
         "name": "Budget", "line": {"color": BUDGET, "dash": "dash"}},
        {"type": "scatter", "mode": "lines+markers", "x": MONTHS,
         "y": in_tkr(cumulative_outcome), "name": "Utfall",
         "line": {"color": OUTCOME, "width": 3}},
    ]  # fmt: skip
    if 0 < months_in < 12:
        data.append(
            {"type": "scatter", "mode": "lines+markers", "x": [MONTHS[months_in - 1], "dec"],
             "y": in_tkr([sum(outcome[:months_in]), forecast]), "name": "Beräknad prognos",
             "line": {"color": FORECAST, "dash": "dot"}}
        )  # fmt: skip
    return {
        "data": data,
        "layout": layout("Ackumulerat netto mot budget, med prognos (tkr)", yaxis=TKR_AXIS),
    }


def deviation_per_cost_centre(names: Sequence[str], deviations: Sequence[float]) -> Figure:
    """Deviation (utfall − budget) per cost centre as horizontal bars: green over, red under."""
    return {
        "data": [
            {"type": "bar", "orientation": "h", "y": list(names), "x": in_tkr(deviations),
             "marker": {"color": [GOOD if d >= 0 else BAD for d in deviations]},
             "hovertemplate": "%{y}: %{x:,.0f} tkr<extra></extra>", "name": "Avvikelse"},
        ],
        "layout": layout(
            "Avvikelse mot budget per verksamhetsområde (tkr)",
            height=max(300, 28 * len(names) + 100), hovermode="closest",
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": "tkr (+ överskott, − underskott)"}, "tickformat": ",.0f"},
        ),
    }  # fmt: skip


def budget_charts(overview: BudgetOverview) -> list[dict[str, Any]]:
    """Plotly figures (as data for json_script) with a text alternative each."""
    if overview.total is None:
        return []
    total = overview.total
    outcome = total.ledger.monthly_outcome_netto()
    budget = total.ledger.monthly_budget_netto()
    shown = [v if m < overview.month else None for m, v in enumerate(outcome)]
    _, areas = areas_of(overview)
    return [
        {
            "id": "chart-monthly",
            "data_id": "chart-monthly-data",
            "figure": monthly_outcome_vs_budget(shown, budget),
            "alt": "Stapeldiagram: nettoutfall per månad jämfört med månadsbudgeten. "
            "Samma siffror finns i tabellen.",
        },
        {
            "id": "chart-cumulative",
            "data_id": "chart-cumulative-data",
            "figure": cumulative_with_forecast(
                outcome, budget, overview.month, total.computed_forecast
            ),
            "alt": "Linjediagram: ackumulerat netto mot ackumulerad budget till och med månad "
            f"{overview.month}, och den beräknade prognosen till december.",
        },
        {
            "id": "chart-deviation",
            "data_id": "chart-deviation-data",
            "figure": deviation_per_cost_centre(
                [f"{r.centre.code} {r.centre.name}" for r in areas], [r.deviation for r in areas]
            ),
            "alt": "Liggande stapeldiagram: avvikelse mot budget hittills per verksamhetsområde.",
        },
    ]
