"""The computed year-end forecast, as a pure function (documented on the budget page)."""

from __future__ import annotations

from collections.abc import Sequence


def year_end_forecast(
    *,
    months_in: int,
    outcome_to_date: float,
    budget_to_date: float,
    budget_year: float,
    last_year_volume: Sequence[float] | None = None,
) -> float:
    """Forecast the year's netto outcome from the months loaded so far.

    1. With all twelve months in, the forecast is the outcome itself.
    2. The remaining months are expected to follow the budget: remaining budget
       R = budget for the year − budget so far.
    3. The deviation so far, D = outcome so far − budget so far, is expected to go on at the
       same pace: it grows by D × (weight of the remaining months / weight of the months
       so far).
    4. A month's weight is 1, or — where all twelve months of last year are loaded — last
       year's volume that month (|intäkter| + |kostnader|), so a quiet summer or a costly
       December counts for what it was last year.
    5. Forecast = outcome so far + R + the continued deviation.
    """
    if months_in >= 12:
        return outcome_to_date
    if months_in <= 0:
        return budget_year
    weights = list(last_year_volume) if last_year_volume and len(last_year_volume) == 12 else []
    if not weights or sum(weights[:months_in]) <= 0:
        weights = [1.0] * 12
    so_far = sum(weights[:months_in])
    remaining = sum(weights[months_in:])
    deviation = outcome_to_date - budget_to_date
    return outcome_to_date + (budget_year - budget_to_date) + deviation * remaining / so_far
