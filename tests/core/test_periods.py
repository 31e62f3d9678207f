"""Periods: years, quarters, tertials and months."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.periods import (
    months_in,
    normalise_period,
    period_bounds,
    period_label,
    previous_period,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025", "2025"), ("2025q3", "2025Q3"), ("2025K2", "2025Q2"), ("2025T2", "2025T2")],
)
def test_periods_are_written_one_way(text, expected):
    assert normalise_period(text) == expected


@pytest.mark.parametrize("text", ["25", "2025Q5", "2025T4", "hösten"])
def test_what_is_not_a_period_is_refused_in_swedish(text):
    with pytest.raises(ValueError, match="är ingen period"):
        normalise_period(text)


def test_bounds_previous_and_labels():
    assert period_bounds("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert period_bounds("2025T2") == (date(2025, 5, 1), date(2025, 8, 31))
    assert [previous_period(p) for p in ["2025Q1", "2025T1", "2025", "2025Q3"]] == [
        "2024Q4",
        "2024T3",
        "2024",
        "2025Q2",
    ]
    assert period_label("2025Q3") == "kvartal 3 2025"


def test_months_are_periods_too():
    assert normalise_period("2025m07") == normalise_period("2025-07") == "2025M07"
    assert period_bounds("2024M02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert [previous_period(p) for p in ["2025M01", "2025M10"]] == ["2024M12", "2025M09"]
    assert period_label("2025M07") == "juli 2025"
    assert months_in("2025Q3") == ["2025M07", "2025M08", "2025M09"]
    assert months_in("2025T1") == ["2025M01", "2025M02", "2025M03", "2025M04"]
    with pytest.raises(ValueError, match="är ingen period"):
        normalise_period("2025M13")
