"""Kolada's metadata for a KPI – regi, perspective, unit-level data, operating area – is kept
and shown on the indicator page; a figure from a document names that document there."""

from __future__ import annotations

import json

import pytest

from tests.demo import login
from tests.imports.catalogue import kpis

pytestmark = pytest.mark.django_db


def test_the_indicator_page_shows_regi_perspective_and_unit_level_data(
    demo, import_files, tmp_path
):
    path = tmp_path / "kpi.json"
    path.write_text(json.dumps({"values": [kpis()["U23516"]]}))
    import_files(path)

    html = login("alingsas-politiker").get("/namnd/alingsas-von/nyckeltal/U23516/").content.decode()

    assert "Verksamhetsområde: Äldre och funktionshinder." in html
    assert "Perspektiv: Kvalitet och resultat." in html
    assert "Regi (Koladas kod): T." in html
    assert "Data per verksamhet (enhetsnivå) i Kolada: ja." in html


def test_a_document_figure_is_labelled_with_the_documents_name_on_the_indicator_page(demo):
    html = login("alingsas-politiker").get("/namnd/alingsas-von/nyckeltal/U20900/").content.decode()

    assert "ovägt medel av 13 kommuner (ur Vård- och omsorgsnämndens genomlysning 2026–2027" in html
    assert "Kommungenomsnitt" in html
    assert "(Kolada)" not in html.split("<table", 1)[1].split("</table>", 1)[0]
