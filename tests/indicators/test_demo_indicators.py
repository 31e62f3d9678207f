"""The demo key figures are the ones the committees' own documents print."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from apps.indicators.models import CommitteeIndicator, IndicatorValue

pytestmark = pytest.mark.django_db


def figure(kpi: str, unit: str, period: str = "2024") -> float | None:
    lookup = {"group__code": unit} if unit.startswith("G") else {"municipality__code": unit}
    return IndicatorValue.objects.get(
        indicator__code=kpi, period=period, gender="T", **lookup
    ).value


def test_the_demo_has_the_indices_of_the_genomlysning_for_alingsas_gr_similar_and_riket():
    call_command("load_demo")

    # 001, table 2.1: Effektivitetsindex äldreomsorg 74 / 62 / 51 / 53 (2024)
    assert [figure("U20900", u) for u in ["1489", "G96190", "G176486", "0000"]] == [74, 62, 51, 53]
    # LSS: Resursindex 70 / 34 / 65 / 53
    assert [figure("U28001", u) for u in ["1489", "G96190", "G39499", "0000"]] == [70, 34, 65, 53]


def test_the_demo_has_the_annual_reports_outcomes_over_three_years():
    call_command("load_demo")

    # 002, mål 3: väntetid särskilt boende 57 (2024), 65 (2023), 74 (2022); riket 63
    assert [figure("U23401", "1489", p) for p in ["2024", "2023", "2022"]] == [57, 65, 74]
    assert figure("U23401", "0000") == 63


def test_document_figures_are_marked_and_a_kolada_import_replaces_them(import_files, tmp_path):
    call_command("load_demo")
    assert IndicatorValue.objects.filter(source="document").count() == 46
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
    call_command("load_demo")

    links = CommitteeIndicator.objects.filter(committee__slug="alingsas-von")
    assert links.first().indicator.code == "U20900"
    assert links.filter(is_key=True).count() == 6
