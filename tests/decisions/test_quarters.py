"""The quarter computation: EVB.md's worked examples and the edges around them."""

from __future__ import annotations

from datetime import date

import pytest

from apps.decisions.quarters import (
    DecisionDates,
    Quarter,
    Section,
    add_three_months,
    quarter_status,
)

Q4_2025 = Quarter(2025, 4)
D = date.fromisoformat


def status(decided: str, quarter: Quarter = Q4_2025, **dates: str):  # type: ignore[no-untyped-def]
    return quarter_status(DecisionDates(D(decided), **{k: D(v) for k, v in dates.items()}), quarter)


# EVB.md, "Worked examples (Q4 2025)"
def test_a_decision_of_15_august_still_open_is_new_in_q4():
    result = status("2025-08-15")
    assert (result.section, result.status_date) == (Section.NEW, None)


def test_a_decision_carried_out_after_its_deadline_in_q4_is_new_with_its_date():
    result = status("2025-09-01", carried_out="2025-12-20")
    assert result.deadline == D("2025-12-01")
    assert (result.section, result.status_date) == (Section.NEW, D("2025-12-20"))


def test_a_decision_closed_in_the_quarter_it_becomes_new_is_new_with_its_date():
    result = status("2025-07-10", closed="2025-11-20")
    assert (result.section, result.status_date, result.closed) == (
        Section.NEW,
        D("2025-11-20"),
        True,
    )


def test_a_decision_carried_out_in_time_is_never_reported():
    assert status("2025-08-01", carried_out="2025-10-20") is None


def test_a_decision_of_15_october_is_not_yet_due_in_q4_but_new_in_q1():
    assert status("2025-10-15") is None
    assert status("2025-10-15", Quarter(2026, 1)).section == Section.NEW


def test_an_earlier_decision_carried_out_in_q4_is_among_the_carried_out():
    result = status("2025-04-02", carried_out="2025-10-15")
    assert (result.section, result.status_date) == (Section.CARRIED_OUT, D("2025-10-15"))
    assert status("2025-04-02", Quarter(2025, 3), carried_out="2025-10-15").section == Section.NEW


def test_an_earlier_decision_closed_in_q4_is_among_the_closed():
    result = status("2025-06-12", closed="2025-12-10")
    assert (result.section, result.status_date) == (Section.CLOSED, D("2025-12-10"))


def test_an_old_open_decision_is_still_not_carried_out_with_456_days():
    result = status("2024-10-01")
    assert (result.section, result.days) == (Section.STILL_OPEN, 456)


def test_carried_out_on_the_deadline_day_is_in_time():
    assert status("2025-06-30", carried_out="2025-09-30") is None


# The edges
@pytest.mark.parametrize(
    ("start", "deadline"),
    [("2024-11-30", "2025-02-28"), ("2023-11-30", "2024-02-29"), ("2025-05-31", "2025-08-31"),
     ("2025-08-31", "2025-11-30"), ("2025-11-30", "2026-02-28"), ("2025-10-31", "2026-01-31")],
)  # fmt: skip
def test_three_months_on_is_clipped_to_the_months_last_day(start, deadline):
    assert add_three_months(D(start)) == D(deadline)


def test_in_a_leap_year_the_deadline_is_29_february():
    assert status("2023-11-30", Quarter(2024, 1)).deadline == D("2024-02-29")
    assert status("2023-11-30", Quarter(2024, 1), carried_out="2024-02-29") is None
    assert status("2023-11-30", Quarter(2024, 1), carried_out="2024-03-01").section == Section.NEW


def test_a_day_after_the_deadline_is_late():
    assert status("2025-08-31", carried_out="2025-11-30") is None
    assert status("2025-08-31", carried_out="2025-12-01").section == Section.NEW


def test_a_decision_carried_out_before_the_quarter_began_is_not_in_it():
    assert status("2025-03-01", carried_out="2025-07-15") is None  # new in Q3, done in Q3


def test_an_interruption_counts_from_the_interruption_until_it_is_resumed():
    interrupted = {"carried_out": "2024-05-01", "interrupted": "2025-07-20"}
    assert status("2024-04-01", **interrupted).section == Section.NEW
    resumed = status("2024-04-01", Quarter(2026, 1), **interrupted, resumed="2026-02-02")
    assert (resumed.section, resumed.status_date) == (Section.CARRIED_OUT, D("2026-02-02"))
    assert status("2024-04-01", **interrupted, resumed="2025-10-15") is None  # in time


def test_an_event_after_the_quarter_is_not_known_to_its_report():
    result = status("2024-10-01", closed="2026-01-15")
    assert (result.section, result.status_date) == (Section.STILL_OPEN, None)


def test_days_run_to_the_stop_date():
    assert status("2025-09-01", carried_out="2025-12-20").days == 110


@pytest.mark.parametrize("text", ["2025Q4", "2025q4", "2025 K4"])
def test_quarters_are_read_and_written_as_2025q4(text):
    quarter = Quarter.parse(text)
    assert (str(quarter), quarter.start, quarter.end) == (
        "2025Q4",
        D("2025-10-01"),
        D("2025-12-31"),
    )
    assert str(quarter.previous) == "2025Q3"
