"""Periods: years, quarters, tertials and months."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.periods import (
    ReportPeriod,
    months_in,
    normalise_period,
    period_bounds,
    period_label,
    previous_period,
    report_period_choices,
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


# -- the report period ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "label"),
    [
        ("2024", "2024", "bokslut 2024"),
        ("2025T2", "2025T2", "delår t.o.m. augusti 2025 (tertial 2)"),
        ("2025M08", "2025M08", "delår t.o.m. augusti 2025"),
        ("2025-08", "2025M08", "delår t.o.m. augusti 2025"),
        ("2025q3", "2025Q3", "kvartal 3 2025"),
        ("2025K3", "2025Q3", "kvartal 3 2025"),
    ],
)
def test_a_report_period_is_read_in_every_form_and_named_in_words(text, code, label):
    period = ReportPeriod.parse(text)

    assert period.code == code
    assert period.label == label
    assert period.query == f"period={code}"


@pytest.mark.parametrize("text", ["", "2025Q5", "2025T4", "augusti", "2025M13"])
def test_what_is_not_a_report_period_is_refused_in_swedish(text):
    with pytest.raises(ValueError, match="är ingen period"):
        ReportPeriod.parse(text)


def test_a_report_period_shows_figures_whose_period_has_ended_by_its_last_day():
    delar = ReportPeriod.parse("2025T2")

    assert [p for p in ["2024", "2025Q2", "2025M08", "2025Q3", "2025"] if delar.covers(p)] == [
        "2024",
        "2025Q2",
        "2025M08",
    ]


def test_the_ej_verkstallda_quarter_and_the_budget_month_follow_the_periods_end():
    assert ReportPeriod.parse("2025M08").quarter_code == "2025Q3"
    assert ReportPeriod.parse("2025T1").quarter_code == "2025Q2"
    assert ReportPeriod.parse("2024").quarter_code == "2024Q4"
    assert ReportPeriod.parse("2025T2").end_month == 8
    assert ReportPeriod.parse("2024").end_month == 12


def test_of_periods_ending_the_same_day_the_year_is_the_latest():
    assert ReportPeriod.latest_of(["2024M12", "2024Q4", "2024", "2024T1"]) == ReportPeriod("2024")
    assert ReportPeriod.latest_of(["2024", "2025M08", "2025Q2"]) == ReportPeriod("2025M08")
    assert ReportPeriod.latest_of([]) is None


def test_the_picker_offers_each_year_newest_first_without_periods_not_begun():
    groups = report_period_choices(2025, years=2, today=date(2025, 9, 10))

    assert [year for year, _ in groups] == ["2025", "2024"]
    offered_2025 = [code for code, _ in groups[0][1]]
    assert offered_2025[:3] == ["2025", "2025T1", "2025T2"]
    assert "2025M09" in offered_2025
    assert "2025Q4" not in offered_2025
    assert "2025M10" not in offered_2025
    assert ("2024", "Bokslut 2024") in groups[1][1]
