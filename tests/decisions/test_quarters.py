"""The quarter computation: docs/evb.md's worked examples, the month-end rule, episodes, and
what counts as reported once reports are marked sent."""

from __future__ import annotations

from datetime import date

import pytest

from apps.decisions.quarters import (
    Episode,
    Quarter,
    Section,
    add_three_months,
    new_quarter,
    quarter_status,
    reportable_from,
)

Q4_2025 = Quarter(2025, 4)
D = date.fromisoformat


def status(start: str, quarter: Quarter = Q4_2025, done: str = "", closed: str = "", **sent):  # type: ignore[no-untyped-def]
    episode = Episode(D(start), D(done) if done else None, D(closed) if closed else None)
    return quarter_status(episode, quarter, **sent)


# docs/evb.md, "Räkneexempel (Q4 2025)"
def test_a_decision_of_15_august_still_open_is_new_in_q4():
    result = status("2025-08-15")
    assert (result.section, result.status_date) == (Section.NEW, None)


def test_a_decision_carried_out_after_its_deadline_in_q4_is_new_with_its_date():
    result = status("2025-09-01", done="2025-12-20")
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
    assert status("2025-08-01", done="2025-10-20") is None


def test_a_decision_of_15_october_is_not_yet_due_in_q4_but_new_in_q1():
    assert status("2025-10-15") is None
    assert status("2025-10-15", Quarter(2026, 1)).section == Section.NEW


def test_an_earlier_decision_carried_out_in_q4_is_among_the_carried_out():
    result = status("2025-04-02", done="2025-10-15")
    assert (result.section, result.status_date) == (Section.CARRIED_OUT, D("2025-10-15"))
    assert status("2025-04-02", Quarter(2025, 3), done="2025-10-15").section == Section.NEW


def test_an_earlier_decision_closed_in_q4_is_among_the_closed():
    result = status("2025-06-12", closed="2025-12-10")
    assert (result.section, result.status_date) == (Section.CLOSED, D("2025-12-10"))


def test_an_old_open_decision_is_still_not_carried_out_with_456_days():
    result = status("2024-10-01")
    assert (result.section, result.days) == (Section.STILL_OPEN, 456)


def test_carried_out_on_the_deadline_day_is_in_time():
    assert status("2025-06-30", done="2025-09-30") is None


def test_a_decision_of_30_june_still_open_is_new_in_q4_from_1_october():
    assert reportable_from(Episode(D("2025-06-30"))) == D("2025-10-01")
    assert status("2025-06-30", Quarter(2025, 3)) is None
    assert status("2025-06-30").section == Section.NEW


def test_a_decision_of_31_march_carried_out_in_july_was_new_in_q3_and_is_not_in_q4():
    assert status("2025-03-31", Quarter(2025, 3), done="2025-07-05").section == Section.NEW
    assert status("2025-03-31", done="2025-07-05") is None


# The three-month rule on the month-end days
@pytest.mark.parametrize(
    ("start", "deadline", "new_in"),
    [
        ("2025-03-31", "2025-06-30", "2025Q3"),  # not yet three months + 1 day on 30 June
        ("2025-06-30", "2025-09-30", "2025Q4"),
        ("2025-07-01", "2025-10-01", "2025Q4"),
        ("2025-09-30", "2025-12-30", "2025Q4"),  # reportable 31 December
        ("2025-09-01", "2025-12-01", "2025Q4"),
        ("2025-12-31", "2026-03-31", "2026Q2"),
        ("2024-11-30", "2025-02-28", "2025Q1"),
        ("2023-11-30", "2024-02-29", "2024Q1"),
        ("2025-01-31", "2025-04-30", "2025Q2"),
    ],
)
def test_an_open_episode_is_new_in_the_quarter_of_the_day_after_its_deadline(
    start, deadline, new_in
):
    assert add_three_months(D(start)) == D(deadline)
    assert str(new_quarter(Episode(D(start)))) == new_in


@pytest.mark.parametrize(
    ("start", "deadline"),
    [("2024-11-30", "2025-02-28"), ("2023-11-30", "2024-02-29"), ("2025-05-31", "2025-08-31"),
     ("2025-08-31", "2025-11-30"), ("2025-11-30", "2026-02-28"), ("2025-10-31", "2026-01-31")],
)  # fmt: skip
def test_three_months_on_is_clipped_to_the_months_last_day(start, deadline):
    assert add_three_months(D(start)) == D(deadline)


def test_in_a_leap_year_the_deadline_is_29_february():
    assert status("2023-11-30", Quarter(2024, 1)).deadline == D("2024-02-29")
    assert status("2023-11-30", Quarter(2024, 1), done="2024-02-29") is None
    assert status("2023-11-30", Quarter(2024, 1), done="2024-03-01").section == Section.NEW


def test_a_day_after_the_deadline_is_late():
    assert status("2025-08-31", done="2025-11-30") is None
    assert status("2025-08-31", done="2025-12-01").section == Section.NEW


def test_an_avbrott_episode_counts_from_the_avbrott_until_it_is_resumed():
    assert status("2025-07-20").section == Section.NEW
    resumed = status("2025-07-20", Quarter(2026, 1), done="2026-02-02")
    assert (resumed.section, resumed.status_date) == (Section.CARRIED_OUT, D("2026-02-02"))
    assert status("2025-07-20", done="2025-10-15") is None  # resumed in time


def test_a_closing_before_the_episode_began_does_not_end_it():
    assert Episode(D("2025-05-01"), None, D("2025-04-01")).stop is None


def test_an_event_after_the_quarter_is_not_known_to_its_report():
    result = status("2024-10-01", closed="2026-01-15")
    assert (result.section, result.status_date) == (Section.STILL_OPEN, None)


def test_days_run_to_the_stop_date():
    assert status("2025-09-01", done="2025-12-20").days == 110


# What was sent is what counts
def test_before_anything_is_sent_the_dates_decide_what_was_reported():
    assert status("2025-04-02", done="2025-10-15").section == Section.CARRIED_OUT


def test_an_episode_whose_new_quarter_passed_unsent_is_late_until_it_is_sent():
    sent_from = Quarter(2025, 3)  # the committee's first sent report
    late = status("2025-04-02", sent_from=sent_from)  # new in Q3, never sent

    assert late.section == Section.LATE
    assert status("2025-04-02", Quarter(2026, 1), sent_from=sent_from).section == Section.LATE
    reported = {"sent_from": sent_from, "reported_in": Quarter(2025, 4)}
    assert status("2025-04-02", **reported).section == Section.LATE  # sent as late in Q4
    assert status("2025-04-02", Quarter(2026, 1), **reported).section == Section.STILL_OPEN


def test_a_late_episode_that_already_ended_is_still_reported_with_its_date():
    result = status("2025-04-02", done="2025-08-20", sent_from=Quarter(2025, 3))
    assert (result.section, result.status_date) == (Section.LATE, D("2025-08-20"))


def test_an_episode_reported_in_its_own_quarter_follows_the_sections_after_it():
    reported = {"sent_from": Quarter(2025, 3), "reported_in": Quarter(2025, 3)}
    assert status("2025-04-02", done="2025-10-15", **reported).section == Section.CARRIED_OUT
    assert status("2025-04-02", Quarter(2025, 3), **reported).section == Section.NEW


def test_episodes_new_before_the_first_sent_report_count_as_reported_by_their_dates():
    result = status("2024-10-01", sent_from=Quarter(2025, 4))
    assert result.section == Section.STILL_OPEN


@pytest.mark.parametrize("text", ["2025Q4", "2025q4", "2025 K4"])
def test_quarters_are_read_and_written_as_2025q4(text):
    quarter = Quarter.parse(text)
    assert (str(quarter), quarter.start, quarter.end) == (
        "2025Q4",
        D("2025-10-01"),
        D("2025-12-31"),
    )
    assert (str(quarter.previous), str(quarter.next)) == ("2025Q3", "2026Q1")


@pytest.mark.parametrize("text", ["9999Q4", "0000Q1", "1899Q4", "2025Q5", "Q4"])
def test_quarters_out_of_range_or_malformed_are_refused_in_swedish(text):
    with pytest.raises(ValueError, match=r"kvartal|Kvartalet"):
        Quarter.parse(text)
