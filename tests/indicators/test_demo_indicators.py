"""The demo key figures are the ones the committees' own documents print."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from apps.indicators.models import CommitteeIndicator, IndicatorValue
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def figure(kpi: str, unit: str, period: str = "2024") -> float | None:
    lookup = {"group__code": unit} if unit.startswith("G") else {"municipality__code": unit}
    return IndicatorValue.objects.get(
        indicator__code=kpi, period=period, gender="T", **lookup
    ).value


def test_the_demo_has_the_genomlysnings_indices_for_alingsas_gr_similar_and_all_municipalities():
    load_demo()

    # 001, table 2.1: Effektivitetsindex äldreomsorg 74 / 62 / 51 / 53 (2024); the last is
    # the document's "kommungenomsnitt", Kolada's G2328 (Alla kommuner, ovägt medel)
    assert [figure("U20900", u) for u in ["1489", "G96190", "G176486", "G2328"]] == [74, 62, 51, 53]
    # LSS: Resursindex 70 / 34 / 65 / 53
    assert [figure("U28001", u) for u in ["1489", "G96190", "G39499", "G2328"]] == [70, 34, 65, 53]


def test_the_documents_kommungenomsnitt_is_never_stored_as_riket():
    load_demo()

    assert not IndicatorValue.objects.filter(source="document", municipality__code="0000").exists()


def test_each_document_figure_names_its_document():
    load_demo()

    genomlysning = "Vård- och omsorgsnämndens genomlysning 2026–2027, Alingsås"
    annual_report = "Vård- och omsorgsnämndens årsredovisning 2024, Alingsås"
    names = set(
        IndicatorValue.objects.filter(source="document").values_list("source_name", flat=True)
    )
    assert names == {genomlysning, annual_report}
    assert (
        IndicatorValue.objects.get(
            indicator__code="U20900", municipality__code="1489", period="2024"
        ).source_name
        == genomlysning
    )
    # GR's personnel statistics in the genomlysning are the document's, not Kolada's
    gr_staff = IndicatorValue.objects.get(indicator__code="avon-po-usk", group__code="G96190")
    assert (gr_staff.source, gr_staff.source_name) == ("document", genomlysning)


def test_the_demo_has_the_annual_reports_outcomes_over_three_years():
    load_demo()

    # 002, mål 3: väntetid särskilt boende 57 (2024), 65 (2023), 74 (2022); "genomsnittet
    # för samtliga kommuner" 63 (G2328)
    assert [figure("U23401", "1489", p) for p in ["2024", "2023", "2022"]] == [57, 65, 74]
    assert figure("U23401", "G2328") == 63


def test_document_figures_are_marked_and_a_kolada_import_replaces_them(import_files, tmp_path):
    load_demo()
    # 46 figures of the KPIs, and GR's six personnel figures in the genomlysning
    assert IndicatorValue.objects.filter(source="document").count() == 52
    cell = {"gender": "T", "value": 74.0, "count": 1, "status": "", "isdeleted": False}
    payload = {
        "values": [{"kpi": "U20900", "municipality": "1489", "period": 2024, "values": [cell]}]
    }
    path = tmp_path / "kolada.json"
    path.write_text(json.dumps(payload))

    run = import_files(path)

    assert (run.created, run.updated) == (0, 1)
    assert (
        IndicatorValue.objects.get(indicator__code="U20900", municipality__code="1489").source
        == "kolada"
    )
    call_command("load_demo")  # and the demo does not take it back
    assert (
        IndicatorValue.objects.get(indicator__code="U20900", municipality__code="1489").source
        == "kolada"
    )


def test_each_demo_committee_follows_its_kolada_indicators_with_key_ones_first():
    load_demo()

    links = CommitteeIndicator.objects.filter(committee__slug="alingsas-von")
    assert links.first().indicator.code == "U20900"
    assert links.filter(is_key=True).count() == 6
