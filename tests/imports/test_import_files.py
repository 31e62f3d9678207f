"""Importing saved Kolada v3 payloads: values, genders, nulls, withdrawals, groups, re-runs."""

from __future__ import annotations

import json

import pytest

from apps.imports.models import ImportRun
from apps.indicators.models import Indicator, IndicatorValue
from apps.organisations.models import ComparisonGroup
from tests.imports.payloads import DATA, METADATA, PAYLOADS


def value(kpi: str, unit: str, period: str, gender: str = "T") -> IndicatorValue:
    lookup = {"group__code": unit} if unit.startswith("G") else {"municipality__code": unit}
    return IndicatorValue.objects.get(indicator__code=kpi, period=period, gender=gender, **lookup)


def snapshot() -> list[tuple]:
    return list(
        IndicatorValue.objects.order_by("pk").values_list(
            "pk", "value", "status", "count", "source", "changed_at"
        )
    )


def test_a_full_import_stores_every_value_with_its_unit_period_and_gender(import_files):
    run = import_files(*METADATA, DATA)

    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert run.created == 10
    assert value("U20900", "1489", "2024").value == 74.0
    assert value("U20900", "G96190", "2024").count == 13
    assert value("U20900", "0000", "2024").value == 53.0


def test_genders_are_taken_by_name_not_by_position(import_files):
    import_files(*METADATA, DATA)

    assert value("U23401", "1489", "2024", "M").value == 61.5
    assert value("U23401", "1489", "2024", "T").value == 58.0


def test_a_null_value_is_stored_as_missing_never_as_zero(import_files):
    import_files(*METADATA, DATA)

    assert value("U23401", "1489", "2024", "K").value is None


def test_status_and_kpi_metadata_are_kept(import_files):
    import_files(*METADATA, DATA)

    assert value("U23401", "1489", "2023").status == "ÄNDRAD"
    waiting = Indicator.objects.get(code="U23401")
    assert waiting.divided_by_gender is True
    assert waiting.unit == Indicator.Unit.DAYS
    assert Indicator.objects.get(code="U28418").discontinued is True
    assert Indicator.objects.get(code="U20900").discontinued is False


def test_importing_the_same_payload_twice_changes_nothing(import_files):
    import_files(*METADATA, DATA)
    before = snapshot()

    again = import_files(*METADATA, DATA)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert snapshot() == before


def test_a_changed_value_is_updated_and_counted(import_files, tmp_path):
    import_files(*METADATA, DATA)
    payload = json.loads(DATA.read_text())
    payload["values"][0]["values"][0]["value"] = 75.0
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(payload))

    run = import_files(changed)

    assert (run.created, run.updated, run.unchanged) == (0, 1, 9)
    assert value("U20900", "1489", "2024").value == 75.0


def only_kpi(tmp_path, kpi: str):
    """DATA with the rows of one KPI only, and how many values they hold."""
    payload = json.loads(DATA.read_text())
    payload["values"] = [row for row in payload["values"] if row["kpi"] == kpi]
    path = tmp_path / f"only_{kpi}.json"
    path.write_text(json.dumps(payload))
    return path, sum(len(row["values"]) for row in payload["values"])


def test_a_kpi_imported_for_the_first_time_is_added_beside_the_stored_ones(import_files, tmp_path):
    first, stored = only_kpi(tmp_path, "U20900")
    import_files(*METADATA, first)
    before = snapshot()
    second, new = only_kpi(tmp_path, "U23401")

    run = import_files(second)

    assert (run.created, run.updated, run.unchanged) == (new, 0, 0)
    assert IndicatorValue.objects.count() == stored + new
    assert snapshot()[:stored] == before
    assert value("U23401", "1489", "2024", "M").value == 61.5


def test_a_new_kpi_beside_a_changed_stored_one_is_added_and_the_change_counted(
    import_files, tmp_path
):
    first, stored = only_kpi(tmp_path, "U20900")
    import_files(*METADATA, first)

    run = import_files(data_with_one_change(tmp_path))

    assert (run.created, run.updated, run.unchanged) == (10 - stored, 1, stored - 1)
    assert value("U20900", "1489", "2024").value == 75.0
    assert value("U23401", "1489", "2024", "M").value == 61.5


def test_a_withdrawn_value_in_a_first_import_is_not_stored(import_files):
    run = import_files(*METADATA, PAYLOADS / "data_withdrawn.json")

    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert (run.created, run.withdrawn) == (0, 0)
    assert not IndicatorValue.objects.exists()


def test_a_kpi_stored_for_groups_only_gets_its_municipalities_added(import_files, tmp_path):
    payload = json.loads(DATA.read_text())
    groups = [row for row in payload["values"] if row["municipality"].startswith("G")]
    path = tmp_path / "groups.json"
    path.write_text(json.dumps({"values": groups}))
    import_files(*METADATA, path)

    run = import_files(DATA)

    assert (run.created, run.updated, run.unchanged) == (10 - len(groups), 0, len(groups))
    assert value("U20900", "1489", "2024").value == 74.0
    assert value("U20900", "G96190", "2024").count == 13


def data_with_one_change(tmp_path):
    """DATA with U20900's first value changed from 74 to 75."""
    payload = json.loads(DATA.read_text())
    row = next(row for row in payload["values"] if row["kpi"] == "U20900")
    row["values"][0]["value"] = 75.0
    path = tmp_path / "data_with_change.json"
    path.write_text(json.dumps(payload))
    return path


def test_a_withdrawn_value_is_removed(import_files):
    import_files(*METADATA, DATA)

    run = import_files(PAYLOADS / "data_withdrawn.json")

    assert run.withdrawn == 1
    with pytest.raises(IndicatorValue.DoesNotExist):
        value("U23401", "1489", "2023", "K")


def test_a_double_encoded_group_title_is_repaired_and_reported(import_files):
    run = import_files(*METADATA)

    assert ComparisonGroup.objects.get(code="G96190").name == "Göteborgsregionen (ovägt medel)"
    assert any("felkodad" in warning for warning in run.warnings)
    assert ComparisonGroup.objects.get(code="G176486").members.count() == 7


def test_a_bad_row_names_file_row_and_field_and_changes_nothing(import_files):
    import_files(*METADATA, DATA)
    before = snapshot()

    run = import_files(DATA, PAYLOADS / "data_bad_gender.json")

    assert run.status == ImportRun.Status.FAILED
    assert "fil data_bad_gender.json, rad 2, fält 'gender'" in run.errors[0]
    assert "T, K eller M" in run.errors[0]
    assert snapshot() == before


def test_an_unknown_unit_is_refused_with_its_place(import_files, tmp_path):
    bad = tmp_path / "unknown.json"
    cell = {"gender": "T", "value": 1, "isdeleted": False}
    row = {"kpi": "U20900", "municipality": "9999", "period": 2024, "values": [cell]}
    bad.write_text(json.dumps({"values": [row]}))

    run = import_files(bad)

    assert run.status == ImportRun.Status.FAILED
    assert "fil unknown.json, rad 1, fält 'municipality': okänd enhet 9999" in run.errors[0]
    assert not IndicatorValue.objects.exists()


def test_the_same_value_twice_in_one_import_is_refused(import_files, tmp_path):
    twice = tmp_path / "twice.json"
    payload = json.loads(DATA.read_text())
    payload["values"].append(payload["values"][0])
    twice.write_text(json.dumps(payload))

    run = import_files(*METADATA, twice)

    assert run.status == ImportRun.Status.FAILED
    assert "U20900, 1489, 2024, T" in run.errors[0]
    assert not IndicatorValue.objects.exists()


def test_the_same_value_twice_beside_stored_values_is_refused_and_nothing_changes(
    import_files, tmp_path
):
    import_files(*METADATA, DATA)
    before = snapshot()
    twice = tmp_path / "twice.json"
    payload = json.loads(DATA.read_text())
    payload["values"][0]["values"][0]["value"] = 99.0
    payload["values"].append(payload["values"][0])
    twice.write_text(json.dumps(payload))

    run = import_files(twice)

    assert run.status == ImportRun.Status.FAILED
    assert "U20900, 1489, 2024, T" in run.errors[0]
    assert snapshot() == before


def test_a_broken_file_is_refused_by_name(import_files, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"values": [{"kpi": "U20900",')

    run = import_files(broken)

    assert run.status == ImportRun.Status.FAILED
    assert "fil broken.json" in run.errors[0]


def test_data_without_kpi_metadata_creates_a_named_stub_and_warns(import_files):
    run = import_files(PAYLOADS / "municipality.json", PAYLOADS / "municipality_groups.json", DATA)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert Indicator.objects.get(code="U20900").title == "U20900"
    assert any("Metadata saknades för U20900" in warning for warning in run.warnings)


def test_the_run_records_its_progress_and_counts(import_files):
    run = import_files(*METADATA, DATA)

    assert (run.pages_done, run.pages_expected) == (4, 4)
    assert run.progress_percent == 100
    assert run.started_at <= run.finished_at


@pytest.mark.django_db(transaction=True)
def test_an_import_succeeds_in_a_session_that_has_used_a_temporary_table(import_files):
    from django.db import connection

    connection.close()  # a new session, whose temporary buffers are still unset
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE used_before (n integer)")
        cursor.execute("INSERT INTO used_before VALUES (1)")  # its first buffer fixes them

    run = import_files(*METADATA, DATA)

    assert run.status == "succeeded", run.errors
