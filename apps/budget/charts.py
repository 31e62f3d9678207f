"""The budget page's three charts, built from the overview by the pure chart functions."""

from __future__ import annotations

import json
from typing import Any

from plotly.graph_objects import Figure

from apps.budget.selectors import BudgetOverview
from apps.dashboards.charts import (
    cumulative_with_forecast,
    deviation_per_cost_centre,
    monthly_outcome_vs_budget,
)


def figure_data(figure: Figure) -> dict[str, Any]:
    """A figure as plain JSON data for json_script (Plotly's encoder, then plain types)."""
    return dict(json.loads(figure.to_json()))


def budget_charts(overview: BudgetOverview) -> list[dict[str, Any]]:
    """Plotly figures as JSON with a text alternative each."""
    if overview.total is None:
        return []
    total = overview.total
    outcome = total.ledger.monthly_outcome_netto()
    budget = total.ledger.monthly_budget_netto()
    shown = [v if m < overview.month else None for m, v in enumerate(outcome)]
    leaves = [row for row in overview.rows if row.depth == 1] or overview.rows
    return [
        {
            "id": "chart-monthly",
            "data_id": "chart-monthly-data",
            "figure": figure_data(monthly_outcome_vs_budget(shown, budget)),
            "alt": "Stapeldiagram: nettoutfall per månad jämfört med månadsbudgeten. "
            "Samma siffror finns i tabellen.",
        },
        {
            "id": "chart-cumulative",
            "data_id": "chart-cumulative-data",
            "json": cumulative_with_forecast(
                outcome, budget, overview.month, total.computed_forecast
            ).to_json(),
            "alt": f"Linjediagram: ackumulerat netto mot ackumulerad budget till och med månad "
            f"{overview.month}, och den beräknade prognosen till december.",
        },
        {
            "id": "chart-deviation",
            "data_id": "chart-deviation-data",
            "figure": figure_data(
                deviation_per_cost_centre(
                    [f"{r.centre.code} {r.centre.name}" for r in leaves],
                    [r.deviation for r in leaves],
                )
            ),
            "alt": "Liggande stapeldiagram: avvikelse mot budget hittills per ansvar.",
        },
    ]
