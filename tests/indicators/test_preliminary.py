"""A Kolada value is preliminary only when its period is the KPI's publ_period and today is
before the publication date (and on or after the preliminary one, where it is set) — one
rule for the database, the pages and the exports."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from apps.indicators.comparison import OWN, Unit, load_series
from apps.indicators.models import Indicator, IndicatorValue
from apps.indicators.models.values import preliminary_period
from apps.organisations.models import Municipality
from tests.imports.catalogue import kpis

pytestmark = pytest.mark.django_db

MARCH_2026 = date(2026, 3, 23)  # when the catalogue was saved


@pytest.fixture
def real_kpis(import_files, tmp_path):
    """N00945, N03702 and 300 more real KPIs whose publication was ahead in March 2026, as
    Kolada published them, and Alingsås."""
    catalogue = kpis()
    pending = [
        row
        for code, row in catalogue.items()
        if row["publication_date"] and row["publication_date"] > "2026-03-23"
    ][:300]
    chosen = {row["id"]: row for row in [catalogue["N00945"], catalogue["N03702"], *pending]}
    path = tmp_path / "kpi.json"
    path.write_text(json.dumps({"values": list(chosen.values())}))
    municipality = tmp_path / "municipality.json"
    municipality.write_text(
        json.dumps({"values": [{"id": "1489", "title": "Alingsås", "type": "K"}]})
    )
    import_files(path, municipality)
    alingsas = Municipality.objects.get(code="1489")
    for code, years in {"N00945": range(2016, 2021), "N03702": range(2019, 2024)}.items():
        indicator = Indicator.objects.get(code=code)
        for year in years:
            IndicatorValue.objects.create(
                indicator=indicator,
                municipality=alingsas,
                period=str(year),
                value=float(year - 2000),
                source=IndicatorValue.Source.KOLADA,
            )
    return alingsas


def preliminary_years(code: str, today: date) -> set[str]:
    values = IndicatorValue.objects.filter(indicator__code=code).with_preliminary(today)
    return {v.period for v in values if v.preliminary}


def test_n00945_with_data_up_to_2020_and_publ_period_2026_has_no_preliminary_year(real_kpis):
    n00945 = Indicator.objects.get(code="N00945")
    assert (n00945.publ_period, n00945.publication_date) == ("2026", date(2027, 1, 16))

    assert preliminary_years("N00945", MARCH_2026) == set()
    assert preliminary_period(n00945, MARCH_2026) == "2026"  # a 2026 figure would be


def test_n03702_with_data_up_to_2023_and_publ_period_2024_shows_2023_as_final(real_kpis):
    n03702 = Indicator.objects.get(code="N03702")
    assert (n03702.publ_period, n03702.publication_date) == ("2024", date(2027, 1, 8))

    assert preliminary_years("N03702", MARCH_2026) == set()
    IndicatorValue.objects.create(
        indicator=n03702, municipality=real_kpis, period="2024", value=1.0, source="kolada"
    )
    assert preliminary_years("N03702", MARCH_2026) == {"2024"}
    assert preliminary_years("N03702", date(2027, 1, 8)) == set()  # published that day


def test_before_the_preliminary_publication_nothing_is_preliminary_yet(real_kpis):
    n03702 = Indicator.objects.get(code="N03702")
    n03702.prel_publication_date = date(2026, 6, 1)
    n03702.save()
    IndicatorValue.objects.create(
        indicator=n03702, municipality=real_kpis, period="2024", value=1.0, source="kolada"
    )

    assert preliminary_years("N03702", date(2026, 5, 31)) == set()
    assert preliminary_years("N03702", date(2026, 6, 1)) == {"2024"}


def test_a_document_figure_is_never_kolada_preliminary(real_kpis):
    n03702 = Indicator.objects.get(code="N03702")
    IndicatorValue.objects.create(
        indicator=n03702, municipality=real_kpis, period="2024", value=1.0, source="document"
    )

    assert preliminary_years("N03702", MARCH_2026) == set()


@pytest.mark.parametrize("today", [date(2026, 3, 23), date(2026, 12, 1), date(2027, 2, 1)])
def test_the_pages_and_the_database_agree_on_every_real_kpi_with_a_future_date(real_kpis, today):
    pending = list(Indicator.objects.filter(publication_date__gt=MARCH_2026))
    for indicator in pending:
        for period in {indicator.publ_period or "2024", "2023"}:
            IndicatorValue.objects.get_or_create(
                indicator=indicator,
                municipality=real_kpis,
                period=period,
                gender="T",
                defaults={"value": 1.0, "source": "kolada"},
            )
    units = [Unit(OWN, "Alingsås", "kommunens värde", municipality_id=real_kpis.pk)]

    series = load_series(pending, units, today=today)
    on_pages = {
        (indicator_id, period)
        for (indicator_id, _, _), line in series.items()
        for period, point in line.points.items()
        if point.preliminary
    }
    in_database = set(
        IndicatorValue.objects.filter(indicator__in=pending)
        .with_preliminary(today)
        .filter(preliminary=True)
        .values_list("indicator_id", "period")
    )

    assert on_pages == in_database
    if today == MARCH_2026:
        assert on_pages  # the rule marks something
    assert all(period == Indicator.objects.get(pk=pk).publ_period for pk, period in on_pages)


def test_export_indicator_json_carries_the_flag_as_preliminary(real_kpis):
    out = StringIO()
    call_command("export_indicator", "--kpi", "N03702", "--format", "json", stdout=out)

    rows = json.loads(out.getvalue())
    assert rows
    assert all(row["preliminary"] is False for row in rows)
