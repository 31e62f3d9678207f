"""Budget figures: the demo reproduces Ale's annual report, the forecast, the export contract."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from apps.budget.forecast import year_end_forecast
from apps.budget.selectors import EXPORT_FIELDS
from tests.demo import load_demo

pytestmark = pytest.mark.django_db
TKR = 1000


def export(*args: str) -> list[dict]:
    out = StringIO()
    call_command("export_budget", "--committee", "ale-sn", "--year", "2025", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def ale(db):  # type: ignore[no-untyped-def]
    load_demo()
    return {row["ansvar"]: row for row in export("--month", "12")}


def assert_tkr(kronor: float, printed_tkr: int) -> None:
    assert abs(kronor / TKR - printed_tkr) <= 2, (kronor / TKR, printed_tkr)


def test_the_whole_committee_comes_out_as_the_annual_report_prints_it(ale):
    # 004: Netto budget -755 968, utfall -754 760, avvikelse 1 208 (tkr)
    assert_tkr(ale["SN"]["utfall_netto"], -754_760)
    assert_tkr(ale["SN"]["budget_netto"], -755_968)
    assert_tkr(ale["SN"]["avvikelse_netto"], 1_208)


@pytest.mark.parametrize(
    ("code", "budget", "outcome"),
    [
        ("10", -25_922, -9_027),
        ("20", -168_145, -174_897),
        ("40", -219_831, -220_720),
        ("50", -89_255, -91_647),
        ("30", -252_816, -258_469),
    ],
)
def test_each_verksamhetsomrade_matches_the_report(ale, code, budget, outcome):
    assert_tkr(ale[code]["budget_netto"], budget)
    assert_tkr(ale[code]["utfall_netto"], outcome)


def test_the_home_care_units_match_the_monthly_table(ale):
    # 634 TOTALT: intäkter 106 508, kostnader -108 920, resultat -2 412; budget 94 203 / -94 263
    assert_tkr(ale["634"]["utfall_intakter"], 106_508)
    assert_tkr(ale["634"]["utfall_kostnader"], -108_920)
    assert_tkr(ale["634"]["utfall_netto"], -2_412)
    assert_tkr(ale["634"]["budget_intakter"], 94_203)
    assert_tkr(ale["634"]["budget_kostnader"], -94_263)
    # 6346 Älvängen: resultat -3 752, avvikelse -3 740
    assert_tkr(ale["6346"]["utfall_netto"], -3_752)
    assert_tkr(ale["6346"]["avvikelse_netto"], -3_740)


def test_year_to_date_uses_the_months_up_to_the_one_asked_for(db):
    load_demo()
    march = {row["ansvar"]: row for row in export("--month", "3")}

    # 6341 Surte jan–mar: intäkter 424 + 411 + 385 = 1 220 tkr; budget 6 372 × 3/12
    assert march["6341"]["utfall_intakter"] == 1_220 * TKR
    assert march["6341"]["budget_intakter"] == pytest.approx(6_372 * TKR * 3 / 12)


def test_the_export_has_the_contracted_keys_and_nulls_where_unknown(ale):
    assert list(ale["SN"]) == EXPORT_FIELDS
    assert ale["6341"]["prognos_netto"] is None
    assert ale["634"]["overordnat"] == "30"
    assert ale["SN"]["overordnat"] is None


def test_the_manual_forecast_is_the_latest_one_rolled_up(ale):
    # 634: budget -60 and a forecast deviation of -100 tkr, made in October
    assert_tkr(ale["634"]["prognos_netto"], -160)


def test_with_all_twelve_months_in_the_computed_forecast_is_the_outcome(ale):
    assert ale["SN"]["prognos_beraknad_netto"] == ale["SN"]["utfall_netto"]


def test_the_forecast_continues_the_deviation_at_the_same_pace():
    # 3 months in: budget 100/month, outcome 330 (30 over); 9 months left: 900 + 90
    forecast = year_end_forecast(
        months_in=3, outcome_to_date=330, budget_to_date=300, budget_year=1200
    )
    assert forecast == pytest.approx(330 + 900 + 90)


def test_the_forecast_follows_last_years_seasons_where_loaded():
    # last year: the remaining nine months carried twice the weight of the first three each
    volume = [1, 1, 1] + [2] * 9
    forecast = year_end_forecast(
        months_in=3, outcome_to_date=330, budget_to_date=300, budget_year=1200,
        last_year_volume=volume,
    )  # fmt: skip
    assert forecast == pytest.approx(330 + 900 + 30 * 18 / 3)


def test_without_months_the_forecast_is_the_budget():
    assert year_end_forecast(months_in=0, outcome_to_date=0, budget_to_date=0, budget_year=-5) == -5


def test_csv_and_xlsx_exports(db, tmp_path):
    load_demo()
    out = StringIO()
    call_command(
        "export_budget", "--committee", "ale-sn", "--year", "2025", "--format", "csv", stdout=out
    )
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    headings = lines[0].split(";")
    assert headings[:4] == ["Ansvar", "Namn", "Överordnat ansvar", "Utfall intäkter (kr)"]
    assert len(lines[0].split(";")) == len(EXPORT_FIELDS)
    assert any(line.startswith("6341;Hemtjänst Surte;634;5122000") for line in lines)

    target = tmp_path / "budget.xlsx"
    call_command(
        "export_budget",
        "--committee",
        "ale-sn",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet.cell(row=1, column=1).value == "Ansvar"
    assert sheet.cell(row=1, column=6).value == "Utfall netto (kr)"
    assert isinstance(sheet.cell(row=2, column=6).value, int | float)  # a number, not text
    assert sheet.cell(row=2, column=6).number_format in {"#,##0", "#,##0.0", "#,##0.00"}


def test_the_whole_committees_gross_figures_are_as_printed(ale):
    # 004, Resultaträkning: intäkter budget 207 892, utfall 234 992; kostnader −963 860,
    # −989 751 (tkr)
    assert_tkr(ale["SN"]["utfall_intakter"], 234_992)
    assert_tkr(ale["SN"]["utfall_kostnader"], -989_751)
    assert_tkr(ale["SN"]["budget_intakter"], 207_892)
    assert_tkr(ale["SN"]["budget_kostnader"], -963_860)


@pytest.mark.parametrize(
    ("code", "budget", "deviation"),
    [("10", -25_922, 13_800), ("20", -168_145, -5_700), ("30", -252_816, -5_000),
     ("40", -219_831, -700), ("50", -89_255, -1_700), ("SN", -755_968, 700)],
)  # fmt: skip
def test_the_controllers_prognos_per_area_and_for_the_namnd_is_as_printed(
    ale, code, budget, deviation
):
    # 004's last column: the prognos's deviation from the year's budget; +700 for the nämnd
    assert ale[code]["prognos_netto"] - ale[code]["budget_netto"] == deviation * TKR
    assert_tkr(ale[code]["prognos_netto"], budget + deviation)


@pytest.mark.parametrize("code", ["10", "20", "30", "40", "50"])
def test_each_area_carries_intakter_and_kostnader_that_add_up_to_its_netto(ale, code):
    row = ale[code]
    assert row["utfall_intakter"] > 0 > row["utfall_kostnader"]
    assert row["budget_intakter"] > 0 > row["budget_kostnader"]
    assert row["utfall_intakter"] + row["utfall_kostnader"] == pytest.approx(row["utfall_netto"])
