"""The admin's own-figure import reads files through the shared reader (limits, ';' files,
far-corner cells) and refuses what the database or a reader of the figures cannot take;
its exports never carry a formula."""

from __future__ import annotations

import io
import math
import time

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from apps.core.admin_formats import SafeCSV, SafeXLSX
from apps.indicators.models import Indicator, IndicatorValue
from apps.indicators.resources import OwnFigureResource
from tests.hostile_files import far_corner_xlsx, hostile_runs, hostile_text, xlsx_bytes

HEADER = ["nyckeltal", "kommun", "period", "kon", "varde"]


@pytest.fixture
def costs(personas):
    personas.committee_a.municipality.code = "1489"
    personas.committee_a.municipality.save()
    return Indicator.objects.create(
        code="a-kr", title="Kostnad per brukare", source="own", unit="kr",
        committee=personas.committee_a,
    )  # fmt: skip


def upload(client, name: str, data: bytes, fmt: int):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("admin:indicators_indicatorvalue_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": str(fmt), "resource": "0"},
    )


def errors_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(error.error) for _, row in result.row_errors() for error in row]


def test_the_readme_semicolon_file_is_read_by_the_admin_import(client_for, costs):
    data = "nyckeltal;kommun;period;kon;varde\r\na-kr;1489;2025Q1;T;1 234,5\r\n"

    response = upload(client_for("admin"), "egna.csv", data.encode("cp1252"), 0)

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert not response.context["result"].has_errors()
    assert response.context["result"].totals["new"] == 1


def test_the_far_corner_xlsx_is_refused_by_the_admin_at_once_with_a_swedish_message(
    client_for, costs
):
    started = time.monotonic()
    response = upload(client_for("admin"), "far.xlsx", far_corner_xlsx(HEADER), 1)

    assert time.monotonic() - started < 5
    assert response.context["form"].errors["import_file"] == [
        "filen, rad 1048576: filen har fler än 500000 rader; dela upp den"
    ]
    assert not IndicatorValue.objects.exists()


def test_more_rows_than_the_admin_limit_are_refused(client_for, costs, settings):
    settings.ADMIN_IMPORT_MAX_ROWS = 2
    rows = [HEADER] + [["a-kr", "1489", f"2025Q{q}", "T", "1"] for q in range(1, 4)]

    response = upload(client_for("admin"), "egna.xlsx", xlsx_bytes(rows), 1)

    assert response.context["form"].errors["import_file"] == [
        "filen: högst 2 rader kan läsas in här (dela upp filen)"
    ]


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1e16", "NaN", "Infinity"])
def test_a_value_no_float_column_should_hold_is_refused(costs, text):
    result = OwnFigureResource().import_data(
        tablib.Dataset(("a-kr", "1489", "2025Q1", "T", text), headers=HEADER), dry_run=False
    )

    assert result.has_errors()
    assert not IndicatorValue.objects.exists()


def test_two_rows_with_the_same_key_are_an_error_not_the_last_winning(costs):
    result = OwnFigureResource().import_data(
        tablib.Dataset(
            ("a-kr", "1489", "2025Q1", "T", "1"),
            ("a-kr", "1489", "2025Q1", "T", "2"),
            headers=HEADER,
        ),
        dry_run=False,
    )

    assert result.has_errors()
    assert "samma nyckeltal, kommun, period och kön finns redan på rad 1" in errors_of(result)[0]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("period", ["0000", "1899", "9999Q4", "２０２５"])
def test_a_period_out_of_range_is_refused(costs, period):
    result = OwnFigureResource().import_data(
        tablib.Dataset(("a-kr", "1489", period, "T", "1"), headers=HEADER), dry_run=False
    )

    assert result.has_errors()


def test_the_admin_exports_write_formula_text_as_text_and_numbers_as_numbers(costs):
    costs.code = '=HYPERLINK("http://x","y")'
    costs.save()
    IndicatorValue.objects.create(
        indicator=costs, municipality=costs.committee.municipality, period="2025",
        gender="T", value=-12.5, source="own",
    )  # fmt: skip
    dataset = OwnFigureResource().export()

    csv_text = SafeCSV().export_data(dataset)
    sheet = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active

    assert "'=HYPERLINK" in csv_text
    assert ";-12.5" in csv_text
    cells = next(sheet.iter_rows(min_row=2, values_only=True))
    assert cells[0] == '\'=HYPERLINK("http://x","y")'
    assert cells[-1] == -12.5
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@hostile_runs
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.just("a-kr"), hostile_text),
            st.one_of(st.just("1489"), hostile_text),
            st.one_of(st.sampled_from(["2025", "2025Q1", "2024T3"]), hostile_text),
            st.one_of(st.sampled_from(["T", "K", "M"]), hostile_text),
            hostile_text,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_hostile_row_is_stored_as_a_finite_figure_or_refused(costs, rows):
    before = set(IndicatorValue.objects.values_list("period", "gender", "value"))

    result = OwnFigureResource().import_data(
        tablib.Dataset(*rows, headers=HEADER), dry_run=False, raise_errors=False
    )

    after = set(IndicatorValue.objects.values_list("period", "gender", "value"))
    if result.has_errors() or result.has_validation_errors():
        assert after == before
    for _, _, value in after:
        assert math.isfinite(value)
        assert abs(value) <= 1e15
