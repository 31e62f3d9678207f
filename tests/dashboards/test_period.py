"""The report period: chosen once, carried in the address, defaulted to the latest with data."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from apps.budget.models import LedgerEntry
from apps.core.periods import ReportPeriod
from apps.dashboards.periods import latest_period_with_data
from apps.decisions.quarters import Quarter
from apps.indicators.models import FollowUpPeriod
from apps.organisations.models import Committee
from tests.demo import load_demo, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo()


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


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


# -- the period through the pages ---------------------------------------------------------------


def test_every_heading_of_the_overview_names_the_period_it_shows(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2024")

    assert '<span class="period-name">Bokslut 2024</span>' in html
    assert "Nyckeltal – senaste värden, bokslut 2024" in html
    assert "Mål 2024 – senaste bedömning, bokslut 2024" in html
    assert "Bedömning (2024)" in html
    assert "Budget 2024" in html
    assert "Ej verkställda beslut, kvartal 4 2024" in html
    assert "Mål 2026" not in html


def test_without_a_period_the_overview_names_the_latest_with_data(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/")

    # Kolada's figures end in 2024, the committee's own staff figures in 2025
    assert '<span class="period-name">Bokslut 2025</span>' in html
    assert '<option value="2025" selected>Bokslut 2025</option>' in html
    assert "74 index" in html  # a 2024 figure, named so on its card
    assert '<span class="indicator-card__period">2024</span>' in html


def test_a_delar_shows_each_figure_up_to_its_last_day(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2025M08")

    assert '<span class="period-name">Delår t.o.m. augusti 2025</span>' in html
    assert "Ej verkställda beslut, kvartal 3 2025" in html
    assert '<span class="indicator-card__period">2024</span>' in html


def test_the_navigation_and_the_cards_carry_the_period(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2025T2")

    assert 'href="/namnd/alingsas-von/budget/?period=2025T2"' in html
    assert 'href="/namnd/alingsas-von/ej-verkstallda/?period=2025T2"' in html
    assert 'href="/namnd/alingsas-von/nyckeltal/?period=2025T2"' in html
    assert 'href="/namnd/alingsas-von/nyckeltal/U20900/?period=2025T2"' in html
    indicator = page(
        login("alingsas-politiker"), "/namnd/alingsas-von/nyckeltal/U20900/?period=2025T2"
    )
    assert 'href="/namnd/alingsas-von/?period=2025T2"' in indicator
    assert "Senaste värde, delår t.o.m. augusti 2025 (tertial 2)" in indicator


def test_the_period_picker_is_a_plain_form(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2023")

    assert '<form method="get" class="period-picker"' in html
    assert '<select id="period-picker" name="period">' in html
    assert '<option value="2023" selected>Bokslut 2023</option>' in html
    assert '<option value="2025T2">Delår t.o.m. augusti 2025 (tertial 2)</option>' in html


def test_an_indicator_page_shows_the_figures_up_to_the_period(demo):
    client = login("alingsas-politiker")

    html = page(client, "/namnd/alingsas-von/nyckeltal/U23401/?period=2023")

    assert "Senaste värde, bokslut 2023" in html
    assert "<strong>65 dagar</strong>" in html
    assert '<th scope="row">2024</th>' not in html
    assert '<th scope="row">2023</th>' in html


def test_a_malformed_period_says_so_and_shows_the_latest(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2025Q7")

    assert "är ingen period" in html
    assert "Visar den senaste perioden med uppgifter, bokslut 2025." in html
    assert '<span class="period-name">Bokslut 2025</span>' in html


def test_the_older_kvartal_parameter_still_picks_a_quarter(demo):
    html = page(login("ale-politiker"), "/namnd/ale-sn/?kvartal=2025Q3")

    assert '<span class="period-name">Kvartal 3 2025</span>' in html
    assert "Ej verkställda beslut, kvartal 3 2025" in html


def test_the_budget_page_runs_to_the_periods_month(demo):
    response = login("ale-politiker").get("/namnd/ale-sn/budget/?period=2025M08")

    assert response.status_code == 200
    assert (response.context["overview"].year, response.context["overview"].month) == (2025, 8)


def test_the_ej_verkstallda_page_shows_the_periods_quarter(demo):
    client = login("ale-politiker")

    by_period = client.get("/namnd/ale-sn/ej-verkstallda/?period=2025M08")
    by_quarter = client.get("/namnd/ale-sn/ej-verkstallda/?period=2025M08&kvartal=2025Q2")

    assert by_period.context["quarter"] == Quarter(2025, 3)
    assert by_quarter.context["quarter"] == Quarter(2025, 2)


def test_a_period_marked_ready_but_not_published_is_not_the_publics_default(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    FollowUpPeriod.objects.create(
        committee=alingsas, period="2026T2", status="ready", marked_ready_at="2026-09-10T10:00Z"
    )

    def title(html: str) -> str:
        return html.split("<title>")[1].split("</title>")[0]

    members = title(page(login("alingsas-politiker"), "/namnd/alingsas-von/"))
    public = title(page(Client(), "/publik/alingsas-von/"))
    today = date(2026, 11, 28)

    assert "augusti 2026" in members
    assert "augusti 2026" not in public
    assert latest_period_with_data(alingsas, today, public=True) == ReportPeriod("2025")
