"""Administrators import and export own figures in bulk, checked like the entry page."""

from __future__ import annotations

import pytest
import tablib
from django.urls import reverse

from apps.indicators.models import Indicator, IndicatorValue
from apps.indicators.resources import OwnFigureResource


@pytest.fixture
def turnover(personas):
    personas.committee_a.municipality.code = "1489"
    personas.committee_a.municipality.save()
    return Indicator.objects.create(
        code="a-po",
        title="Personalomsättning",
        source="own",
        unit="%",
        decimals=1,
        committee=personas.committee_a,
    )


def dataset(*rows: tuple[str, ...]) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=["nyckeltal", "kommun", "period", "kon", "varde"])


def test_a_file_with_swedish_numbers_is_imported_as_own_figures(turnover):
    result = OwnFigureResource().import_data(
        dataset(("a-po", "1489", "2025Q1", "T", "9,5"), ("a-po", "1489", "2025Q2", "K", "10 %")),
        dry_run=False,
    )

    assert not result.has_errors()
    values = IndicatorValue.objects.order_by("period")
    assert [(v.period, v.gender, v.value, v.source) for v in values] == [
        ("2025Q1", "T", 9.5, "own"),
        ("2025Q2", "K", 10.0, "own"),
    ]


def test_one_bad_row_is_named_and_nothing_is_imported(turnover):
    result = OwnFigureResource().import_data(
        dataset(("a-po", "1489", "2025Q1", "T", "9,5"), ("a-po", "1489", "2025Q2", "T", "150")),
        dry_run=False,
    )

    assert result.has_errors()
    errors = [(number, str(error.error)) for number, row in result.row_errors() for error in row]
    assert errors[0][0] == 2
    assert "inte rimligt" in errors[0][1]
    assert not IndicatorValue.objects.exists()


def test_kolada_figures_cannot_be_overwritten_through_the_own_figure_import(turnover):
    Indicator.objects.create(code="U23401", title="Väntetid", source="kolada")

    result = OwnFigureResource().import_data(
        dataset(("U23401", "1489", "2024", "T", "57")), dry_run=False
    )

    assert result.has_errors()


def test_importing_the_same_file_twice_changes_nothing(turnover):
    rows = dataset(("a-po", "1489", "2025Q1", "T", "9,5"))
    OwnFigureResource().import_data(rows, dry_run=False)

    again = OwnFigureResource().import_data(rows, dry_run=False)

    assert again.totals["new"] == 0
    assert IndicatorValue.objects.get().history.count() == 1


def test_the_admin_pages_and_an_objects_history_are_reachable(client_for, turnover, personas):
    value = IndicatorValue.objects.create(
        indicator=turnover,
        municipality=personas.committee_a.municipality,
        period="2025",
        gender="T",
        value=9.0,
        source="own",
    )
    client = client_for("admin")

    for url in [
        reverse("admin:indicators_indicatorvalue_changelist"),
        reverse("admin:indicators_indicatorvalue_import"),
        reverse("admin:indicators_indicatorvalue_history", args=[value.pk]),
        reverse("admin:indicators_goal_changelist"),
        reverse("admin:indicators_assessment_changelist"),
        reverse("admin:imports_importrun_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client_for("controller_a").get(reverse("admin:index")).status_code == 302


def test_the_export_is_headed_in_swedish_and_reads_back_in(turnover):
    OwnFigureResource().import_data(dataset(("a-po", "1489", "2025Q1", "T", "9,5")), dry_run=False)

    exported = OwnFigureResource().export()
    IndicatorValue.objects.all().delete()
    result = OwnFigureResource().import_data(
        tablib.Dataset(*[list(row.values()) for row in exported.dict], headers=exported.headers),
        dry_run=False,
    )

    assert exported.headers == ["Nyckeltal", "Kommun", "Period", "Kön", "Värde"]
    assert not result.has_errors()
    assert (IndicatorValue.objects.get().period, IndicatorValue.objects.get().value) == (
        "2025Q1",
        9.5,
    )
