"""Hostile Kolada files: a file can only write what its rows say (no COPY injection), and
periods, values, counts and ids that Kolada never gives are refused in phase 1."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.imports.models import ImportRun
from apps.indicators.models import Indicator, IndicatorValue
from tests.hostile_files import hostile_runs
from tests.imports.payloads import METADATA


def data_file(tmp_path: Path, rows: list[dict], name: str = "data.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"values": rows}))
    return path


def row(kpi: object = "U20900", unit: object = "1489", period: object = 2023, **cell) -> dict:  # type: ignore[no-untyped-def]
    return {
        "kpi": kpi,
        "municipality": unit,
        "period": period,
        "values": [{"gender": "T", "value": 1.5, "count": 1, "status": "", **cell}],
    }


def stored() -> set[tuple]:
    return {
        (kpi, municipality or group, period, gender, value)
        for kpi, municipality, group, period, gender, value in IndicatorValue.objects.values_list(
            "indicator__code", "municipality__code", "group__code", "period", "gender", "value"
        )
    }


def test_a_tab_and_newline_in_the_kpi_field_cannot_become_a_staged_row(import_files, tmp_path):
    import_files(*METADATA)
    injected = "U23401\t1489\t2019\tT\t12345\t\t1\tf\nU23401"

    run = import_files(data_file(tmp_path, [row(kpi=injected)]))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil data.json, rad 1, fält 'kpi': väntade ett KPI-id")
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.filter(code__contains="\t").exists()


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("kpi", "U2\n3401"),
        ("kpi", "U23401\x00"),
        ("kpi", "x" * 41),
        ("municipality", "1489\t"),
        ("municipality", "１４８９"),
        ("period", "0000"),
        ("period", 1899),
        ("period", "２０２３"),
        ("period", 2999),
        ("period", "2023\n"),
    ],
)
def test_an_id_or_period_kolada_never_gives_is_refused_with_row_and_field(
    import_files, tmp_path, field, bad
):
    import_files(*METADATA)
    arguments = {"kpi": "kpi", "municipality": "unit", "period": "period"}

    run = import_files(data_file(tmp_path, [row(), row(**{arguments[field]: bad})]))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith(f"fil data.json, rad 2, fält '{field}'")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e20"])
def test_nan_infinity_and_absurd_values_are_refused(import_files, tmp_path, literal):
    import_files(*METADATA)
    path = tmp_path / "nan.json"
    text = json.dumps({"values": [row(value=0.5)]}).replace("0.5", literal)
    path.write_text(text)

    run = import_files(path)

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil nan.json, rad 1, fält 'value'")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("bad", ["X", ["T"], {"T": 1}, None])
def test_a_gender_that_is_not_t_k_or_m_is_refused_with_row_and_field(import_files, tmp_path, bad):
    import_files(*METADATA)

    run = import_files(data_file(tmp_path, [row(gender=bad)]))

    assert run.status == ImportRun.Status.FAILED
    assert "rad 1, fält 'gender': väntade T, K eller M" in run.errors[0]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("field", "bad"), [("count", -1), ("count", 2**40), ("status", "a\tb"), ("status", 7)]
)
def test_counts_and_statuses_outside_their_columns_are_refused(import_files, tmp_path, field, bad):
    import_files(*METADATA)

    run = import_files(data_file(tmp_path, [row(**{field: bad})]))

    assert run.status == ImportRun.Status.FAILED
    assert f"rad 1, fält '{field}'" in run.errors[0]


@pytest.mark.parametrize(
    ("kind", "payload_row", "field"),
    [
        ("kpi", {"id": "U1\t2", "title": "x", "operating_area": ""}, "id"),
        ("kpi", {"id": "U12345", "title": "x" * 401, "operating_area": ""}, "title"),
        ("municipality", {"id": "14890", "title": "Alingsås", "type": "K"}, "id"),
        ("municipality", {"id": "1489", "title": "Ali\nngsås", "type": "K"}, "title"),
        ("municipality_groups", {"id": "G1\n", "title": "Grupp", "members": []}, "id"),
    ],
)
def test_metadata_with_a_bad_id_or_title_is_refused_in_phase_1(
    import_files, tmp_path, kind, payload_row, field
):
    run = import_files(data_file(tmp_path, [payload_row], name=f"{kind}.json"))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith(f"fil {kind}.json, rad 1, fält '{field}'")


def test_a_file_over_the_size_limit_is_refused_by_name(import_files, tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100

    run = import_files(data_file(tmp_path, [row(), row(period=2022)], name="big.json"))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil big.json: filen är")


def test_a_deeply_nested_file_is_refused_by_name(import_files, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)

    run = import_files(path)

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil deep.json")


json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["U20900", "1489", "G96190", "2023", "0000", "２０２３", "T\tX", "U20900\n"]),
)


@hostile_runs
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "kpi": st.one_of(st.just("U20900"), json_scalar),
                "municipality": st.one_of(st.sampled_from(["1489", "0000", "G96190"]), json_scalar),
                "period": st.one_of(st.integers(2015, 2024), json_scalar),
                "values": st.lists(
                    st.fixed_dictionaries(
                        {"gender": st.one_of(st.sampled_from(["T", "K", "M"]), json_scalar)},
                        optional={
                            "value": json_scalar,
                            "count": json_scalar,
                            "status": json_scalar,
                            "isdeleted": json_scalar,
                        },
                    ),
                    max_size=3,
                ),
            }
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_hostile_data_file_writes_only_what_its_rows_say_or_nothing(
    metadata_imported, import_files, tmp_path, rows
):
    before = stored()
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"values": rows}, allow_nan=True))

    run = import_files(path)

    assert run.status in {ImportRun.Status.SUCCEEDED, ImportRun.Status.FAILED}
    if run.status == ImportRun.Status.FAILED:
        assert run.errors[0].startswith(("fil hostile.json", "Samma värde"))
        assert stored() == before
        return
    said = {
        (r["kpi"], r["municipality"], str(r["period"]), c["gender"], c.get("value"))
        for r in rows
        for c in r["values"]
        if c.get("isdeleted") is not True
    }
    for written in stored() - before:
        assert written in {(k, u, p, g, None if v is None else float(v)) for k, u, p, g, v in said}
        assert written[4] is None or math.isfinite(written[4])


@pytest.fixture
def metadata_imported(import_files):  # type: ignore[no-untyped-def]
    import_files(*METADATA)


def test_a_gzipped_file_that_is_not_gzip_is_refused_by_name(import_files, tmp_path):
    path = tmp_path / "kpi.json.gz"
    path.write_bytes(b'{"values": []}')

    run = import_files(path)

    assert run.status == ImportRun.Status.FAILED
    assert "fil kpi.json.gz: inte ett Kolada v3-svar" in run.errors[0]
    assert not Indicator.objects.exists()


def test_a_gzipped_file_that_unpacks_over_the_size_limit_is_refused_by_name(
    import_files, tmp_path, settings
):
    import gzip

    settings.IMPORT_MAX_FILE_BYTES = 10_000
    path = tmp_path / "data.json.gz"
    path.write_bytes(gzip.compress(b'{"values": [' + b" " * 50_000 + b"]}"))

    run = import_files(path)

    assert run.status == ImportRun.Status.FAILED
    assert "fil data.json.gz: filen är över 10000 byte; högst 10000 byte läses in" in run.errors[0]
