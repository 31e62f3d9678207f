"""The overview's cards, read at a glance: value and period, the goal's mark in words, the
trend, a sparkline and one compact comparison; nothing claimed without a value."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.dashboards.sparklines import Bar, comparison_bars_html, sparkline_svg
from apps.indicators.models import IndicatorValue
from tests.demo import load_demo, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo()


def card_of(html: str, title_start: str) -> str:
    """The <li> of the card whose title starts so."""
    for card in re.findall(r'<li class="card indicator-card">.*?</li>\n', html, re.S):
        if f">{title_start}" in card:
            return card
    raise AssertionError(f"no card {title_start}")


def overview(client: Client, period: str) -> str:
    response = client.get(f"/namnd/alingsas-von/?period={period}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_shows_value_unit_period_trend_sparkline_and_comparison(demo):
    html = overview(login("alingsas-politiker"), "2024")

    # 002: U23401 väntetid 74 (2022), 65 (2023), 57 dagar (2024); lower is better
    card = card_of(html, "Väntetid i antal dagar")
    assert "<strong>57 dagar</strong>" in card
    assert '<span class="indicator-card__period">2024</span>' in card
    assert "↓</span> \u22128 dagar sedan 2023 (bättre)" in card
    assert '<svg class="sparkline"' in card
    assert 'aria-label="Utvecklingen 2022–2024: från 74 till 57"' in card
    assert '<ul class="minibars"' in card
    assert "Kommungenomsnitt 63" in card
    assert "Jämförelse 2024: bättre än 1 av 1" in card


def test_a_card_marks_its_goal_with_a_word_and_a_symbol_not_colour_alone(demo):
    html = overview(login("alingsas-politiker"), "2024")

    # target 2024: at most 65 days (002); 57 meets it
    card = card_of(html, "Väntetid i antal dagar")
    assert (
        '<span class="goal-mark goal-mark--met"><span aria-hidden="true">✓</span> Mål: Uppfyllt'
        in card
    )
    assert "(högst 65, 2024)" in card


@pytest.mark.parametrize(
    ("value", "mark"),
    [(82, "Mål: Uppfyllt"), (79, "Mål: Delvis uppfyllt"), (75, "Mål: Ej uppfyllt")],
)
def test_below_the_target_a_move_towards_it_is_delvis(demo, value, mark):
    # U28663 at least 81 % in 2024; 76 % in 2023
    IndicatorValue.objects.filter(
        indicator__code="U28663", municipality__code="1489", period="2024"
    ).update(value=value)

    card = card_of(overview(login("alingsas-politiker"), "2024"), "Brukarbedömning boende LSS")

    assert mark in card


def test_a_card_without_a_value_for_the_period_claims_nothing(demo):
    html = overview(login("alingsas-politiker"), "2020")

    cards = re.findall(r'<li class="card indicator-card">.*?</li>\n', html, re.S)
    assert cards
    for card in cards:
        assert "Inga värden för bokslut 2020" in card
        assert "goal-mark" not in card
        assert "<svg" not in card
        assert "minibars" not in card
        assert "sedan" not in card


def test_a_card_of_one_value_has_no_sparkline_and_says_no_trend(demo):
    html = overview(login("alingsas-politiker"), "2024")

    # U20900 effektivitetsindex: only 2024 in the documents
    card = card_of(html, "Effektivitetsindex")
    assert "<strong>74 index</strong>" in card
    assert "sparkline" not in card
    assert "sedan" not in card
    assert '<ul class="minibars"' in card


# -- the chart functions, alone ----------------------------------------------------------------


def test_a_sparkline_breaks_at_a_missing_year_and_marks_the_last_value():
    svg = sparkline_svg([("2021", 3.0), ("2022", None), ("2023", 5.0), ("2024", 4.0)], "x")

    assert svg.count("<polyline") == 1  # 2021 alone draws no line; 2023–2024 do
    assert svg.count("<circle") == 1
    assert 'role="img" aria-label="x"' in svg


def test_a_sparkline_needs_two_values():
    assert sparkline_svg([("2024", 3.0)], "x") == ""
    assert sparkline_svg([("2023", None), ("2024", 3.0)], "x") == ""


def test_comparison_bars_start_at_zero_and_name_every_bar():
    html = comparison_bars_html(
        [Bar("Alingsås", 74, own=True), Bar("Göteborgsregionen", 62), Bar("Riket", 53)],
        0,
        "Jämförelse",
    )

    assert re.findall(r"margin-left:([\d.]+)%", html) == ["0", "0", "0"]  # all from 0
    assert re.findall(r"width:([\d.]+)%", html) == ["100", "83.8", "71.6"]
    assert '<span class="minibars__label">Göteborgsregionen</span>' in html
    assert '<span class="minibars__value">74</span>' in html
    # the own municipality stands out not only by colour: first, and bold (its class)
    assert html.index("minibars__row--own") < html.index("Göteborgsregionen")


def test_a_negative_value_moves_the_zero_line():
    html = comparison_bars_html([Bar("A", -10.0), Bar("B", 30.0)], 0, "x")

    assert re.findall(r"margin-left:([\d.]+)%", html) == ["0", "25"]
    assert "\u221210" in html


def test_comparison_bars_escape_their_labels_and_need_two():
    html = comparison_bars_html([Bar("<b>", 1.0), Bar("B & C", 2.0)], 0, "<x>")

    assert "<b>" not in html
    assert "&lt;x&gt;" in html
    assert comparison_bars_html([Bar("A", 1.0)], 0, "x") == ""
