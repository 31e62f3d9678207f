"""What other pages take from the budget: the latest period with utfall, the committee
report's section per verksamhetsområde, the Drift table, and the investments."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from apps.budget.models import CostCentre, Investment
from apps.budget.selectors import (
    budget_total,
    drift_table,
    investment_lines,
    latest_utfall_period,
    report_areas,
)
from apps.organisations.models import Committee, CommitteeRole
from tests.demo import load_demo

TKR = 1000


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo()
    return Committee.objects.get(slug="ale-sn"), Committee.objects.get(slug="alingsas-von")


def test_the_latest_period_with_utfall_is_the_last_month_loaded(demo):
    ale, alingsas = demo
    assert latest_utfall_period(ale) == (2025, 12)
    assert latest_utfall_period(alingsas) == (2024, 12)


def test_a_budget_for_next_year_does_not_move_the_latest_utfall_period(demo, tmp_path):
    ale, _ = demo
    path = tmp_path / "budget2026.csv"
    path.write_text(
        "typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp\n"
        "budget;2026;101;Sektorchef Socialtjänst;10;personalkostnader;-26 000 000\n"
    )
    call_command("import_ledger", str(path), "--committee", "ale-sn", stdout=StringIO())

    assert latest_utfall_period(ale) == (2025, 12)
    total = budget_total(ale)
    assert total is not None
    assert (total.year, total.month) == (2025, 12)


def test_a_committee_without_a_ledger_has_no_latest_period(personas):
    assert latest_utfall_period(personas.committee_a) is None


def test_the_budget_page_opens_on_the_latest_month_with_utfall(demo, client):
    _, alingsas = demo
    member = CommitteeRole.objects.filter(committee=alingsas).first()
    client.force_login(member.user)

    page = client.get(reverse("budget:overview", args=[alingsas.slug]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Budget och utfall 2024" in html
    assert 'value="12" selected' in html
    assert 'id="drift-table"' in html


def test_the_report_has_the_five_verksamhetsomraden_with_the_controllers_prognos(demo):
    ale, _ = demo
    report = report_areas(ale, 2025, 12)

    assert report is not None
    assert report.top.centre.name == "Socialnämnden"
    assert [row.centre.name for row in report.areas] == [
        "Socialtjänst centralt", "Individ- och familjeomsorg", "Äldreomsorg", "Funktionsstöd",
        "Myndighet och specialiststöd",
    ]  # fmt: skip
    central = report.areas[0]
    assert central.forecast_deviation == 13_800 * TKR  # 004: +13 800
    assert report.top.forecast_deviation == 700 * TKR  # 004: +700, not 698
    assert round(report.top.outcome / TKR) == -754_760


def test_the_areas_are_found_below_a_top_node_wherever_it_sits(personas, tmp_path):
    committee = personas.committee_b
    path = tmp_path / "kommun.csv"
    path.write_text(
        "typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp\n"
        "budget;2025;K;Kommunen;;kostnader;0\n"
        "budget;2025;F;Socialförvaltningen;K;kostnader;0\n"
        "utfall;2025-03;A1;Äldreomsorg;F;personalkostnader;-100\n"
        "utfall;2025-03;A2;Individ- och familjeomsorg;F;personalkostnader;-50\n"
        "utfall;2025-03;A21;Försörjningsstöd;A2;ovriga_kostnader;-10\n"
    )
    call_command("import_ledger", str(path), "--committee", committee.slug, stdout=StringIO())

    report = report_areas(committee, 2025, 3)

    assert report is not None
    assert report.top.centre.code == "F"
    assert [row.centre.code for row in report.areas] == ["A1", "A2"]
    assert report.areas[1].outcome == -60


def test_the_report_partial_renders_the_areas_and_investments_within_the_page(demo):
    ale, _ = demo
    html = render_to_string(
        "budget/_report_section.html", {"budget_report": report_areas(ale, 2025, 12)}
    )

    assert html.count("<tr>") == 2 + 5 + 5  # two headings, the areas, the projects
    assert "Socialtjänst centralt" in html
    assert "−12\xa0122" in html  # the controller's prognos for Socialtjänst centralt, tkr
    assert "Fordon Funktionsstöd" in html
    assert html.count("<colgroup>") == 2  # the columns' widths are fixed: within the page
    assert render_to_string("budget/_report_section.html", {"budget_report": None}).strip() == ""


def test_the_alingsas_demo_carries_002s_drift_table(demo):
    _, alingsas = demo
    table = drift_table(alingsas, 2024, 12)

    assert table is not None
    assert table.has_last_year
    lines = {line.label: line for line in table.lines}
    # 002, Drift (tkr): budget 2024, bokslut 2024, bokslut 2023
    expected = {
        "Verksamhetens intäkter": (206_297, 254_669, 237_998),
        "Personalkostnader": (-802_020, -821_815, -772_705),
        "Lokalkostnader": (-113_241, -114_174, -100_637),
        "Köp av verksamhet och tjänster": (-176_046, -188_451, -187_012),
        "Övriga kostnader": (-81_323, -94_685, -89_874),
        "Verksamhetens kostnader": (-1_172_630, -1_219_125, -1_150_228),
        "Verksamhetens nettokostnader": (-966_333, -964_456, -912_230),
        "Kommunbidrag": (966_333, 966_333, 913_280),
    }
    for label, (budget, outcome, last_year) in expected.items():
        line = lines[label]
        assert (line.budget, line.outcome, line.last_year) == pytest.approx(
            (budget * TKR, outcome * TKR, last_year * TKR)
        ), label
    assert lines["Verksamhetens intäkter"].deviation == pytest.approx(48_372 * TKR)
    assert lines["Resultat"].outcome == pytest.approx(1_877 * TKR)  # 002: 1 873 with finansnetto


def test_investments_import_twice_changes_nothing_and_show_as_004_prints(demo, tmp_path):
    ale, _ = demo
    before = list(Investment.objects.values_list("pk", "amount"))
    out = StringIO()

    call_command("import_investments", "fixtures/demo/ale_sn_investments_2025.csv",
                 "--committee", "ale-sn", stdout=out)  # fmt: skip

    assert "0 nya, 0 ändrade, 10 oförändrade" in out.getvalue()
    assert list(Investment.objects.values_list("pk", "amount")) == before
    total = investment_lines(ale, 2025)[-1]
    # 004, Investeringar: bokslut 2 930, budget 4 665, avvikelse 1 735 (tkr)
    assert (total.budget, total.outcome, total.deviation) == (4_665 * TKR, 2_930 * TKR,
                                                              1_735 * TKR)  # fmt: skip


def test_a_bad_investment_row_names_file_row_and_column_and_nothing_changes(demo, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("typ;ar;projekt;projekt_namn;belopp\nbudget;2025;X;Ny bil;en miljon\n")

    with pytest.raises(Exception, match="inget ändrades"):
        call_command("import_investments", str(path), "--committee", "ale-sn",
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip

    assert not Investment.objects.filter(project="X").exists()


def test_a_parent_created_from_its_code_shows_its_code_until_named(demo):
    ale, _ = demo
    assert CostCentre.objects.get(committee=ale, code="634").name == "Hemtjänst utförarenheter"


def test_a_year_without_a_ledger_says_so_instead_of_a_tree_of_zeros(demo):
    from tests.demo import login

    controller = login("ale-controller")
    empty = controller.get(reverse("budget:overview", args=["ale-sn"]) + "?ar=2024").content
    loaded = controller.get(reverse("budget:overview", args=["ale-sn"]) + "?ar=2025").content

    assert "Ingen huvudbok är inläst för 2024." in empty.decode()
    assert "överskott" not in empty.decode()
    assert "januari–december 2025" in loaded.decode()  # the Drift table's months in words
    assert "Utfall t.o.m. december" in loaded.decode()
