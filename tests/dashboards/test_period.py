"""The report period: chosen once, carried in the address, defaulted to the latest with data."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from apps.budget.models import LedgerEntry
from apps.core.periods import ReportPeriod
from apps.dashboards.periods import latest_period_with_data
from apps.indicators.models import FollowUpPeriod
from apps.organisations.models import Committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("load_demo")


def test_the_default_is_the_latest_period_with_data(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    ale = Committee.objects.get(slug="ale-sn")

    # Alingsås: Kolada's figures for 2024, its own staff figures for 2025 (from 001);
    # Ale: a ledger with utfall through December 2025
    assert latest_period_with_data(alingsas, date(2026, 11, 28)) == ReportPeriod("2025")
    assert latest_period_with_data(ale, date(2026, 11, 28)) == ReportPeriod("2025")


def test_a_ledger_read_to_august_makes_the_default_the_delar_to_august(demo):
    ale = Committee.objects.get(slug="ale-sn")
    LedgerEntry.objects.filter(committee=ale, year=2025, month__gt=8, kind="utfall").delete()

    assert latest_period_with_data(ale, date(2026, 11, 28)) == ReportPeriod("2025M08")


def test_a_period_marked_ready_counts_and_a_period_not_yet_ended_does_not(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    FollowUpPeriod.objects.create(committee=alingsas, period="2026T1", status="ready")
    FollowUpPeriod.objects.create(committee=alingsas, period="2026", status="ready")

    assert latest_period_with_data(alingsas, date(2026, 11, 28)) == ReportPeriod("2026T1")


def test_a_committee_without_data_defaults_to_the_quarter_just_ended(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    empty = Committee.objects.create(
        slug="tom", name="Tom nämnd", municipality=alingsas.municipality
    )

    assert latest_period_with_data(empty, date(2026, 2, 3)) == ReportPeriod("2025Q4")
    assert latest_period_with_data(empty, date(2026, 11, 28)) == ReportPeriod("2026Q3")
