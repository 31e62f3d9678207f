"""The budget page's three charts, built from the overview by the pure chart functions."""

from __future__ import annotations

from typing import Any

from apps.budget.selectors import BudgetOverview
from apps.dashboards.charts import (
    cumulative_with_forecast,
    deviation_per_cost_centre,
    monthly_outcome_vs_budget,
)


def budget_charts(overview: BudgetOverview) -> list[dict[str, Any]]:
    """Plotly figures (as data for json_script) with a text alternative each."""
    if overview.total is None:
        return []
    total = overview.total
    outcome = total.ledger.monthly_outcome_netto()
    budget = total.ledger.monthly_budget_netto()
    shown = [v if m < overview.month else None for m, v in enumerate(outcome)]
    areas = [row for row in overview.rows if row.depth == 1] or overview.rows
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
            "alt": "Liggande stapeldiagram: avvikelse mot budget hittills per ansvar.",
        },
    ]
