"""manage.py export_indicator: the JSON contract, CSV and XLSX."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.imports.payloads import DATA, METADATA


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_indicator", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(import_files):
    run = import_files(*METADATA, DATA)
    assert run.status == "succeeded", run.errors


@pytest.mark.usefixtures("imported")
def test_json_is_a_sorted_list_with_the_contracted_keys():
    rows = json.loads(export("--kpi", "U23401", "--format", "json"))

    assert [(r["municipality"], r["period"], r["gender"]) for r in rows] == [
        ("1489", "2023", "K"),
        ("1489", "2023", "T"),
        ("1489", "2024", "K"),
        ("1489", "2024", "M"),
        ("1489", "2024", "T"),
    ]
    assert set(rows[0]) == {
        "kpi",
        "municipality",
        "period",
        "gender",
        "value",
        "status",
        "count",
        "preliminary",
        "source",
    }
    assert rows[2]["value"] is None
    assert rows[0]["source"] == "Kolada"


@pytest.mark.usefixtures("imported")
def test_group_values_carry_the_group_id_and_member_count():
    rows = json.loads(export("--kpi", "U20900", "--municipality", "G96190", "--format", "json"))

    assert rows == [
        {
            "kpi": "U20900",
            "municipality": "G96190",
            "period": "2024",
            "gender": "T",
            "value": 62.0,
            "status": "",
            "count": 13,
            "preliminary": True,
            "source": "Kolada",
        },
    ]


@pytest.mark.usefixtures("imported")
def test_only_the_latest_year_before_the_publication_date_is_preliminary():
    rows = json.loads(export("--kpi", "U20900", "--municipality", "1489", "--format", "json"))
    waiting = json.loads(export("--kpi", "U23401", "--format", "json"))

    assert {r["period"]: r["preliminary"] for r in rows} == {"2023": False, "2024": True}
    assert not any(r["preliminary"] for r in waiting)  # its publication date has passed


@pytest.mark.usefixtures("imported")
def test_csv_opens_in_swedish_excel():
    text = export("--kpi", "U23401", "--format", "csv")

    lines = text.lstrip("\ufeff").splitlines()
    assert (
        lines[0] == "Nyckeltal;Kommun eller grupp;Period;Kön;Värde;Status;Antal;Preliminärt;Källa"
    )
    assert "U23401;1489;2024;M;61,5;;1;nej;Kolada" in lines
    assert "U23401;1489;2024;K;;;1;nej;Kolada" in lines


@pytest.mark.usefixtures("imported")
def test_xlsx_keeps_numbers_as_numbers(tmp_path):
    target = tmp_path / "u20900.xlsx"
    export("--kpi", "U20900", "--format", "xlsx", "--output", str(target))

    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Nyckeltal", "Kommun eller grupp", "Period", "Kön", "Värde"]
    assert sheet.cell(row=2, column=5).value == 53.0
    assert sheet.cell(row=2, column=5).number_format in {"#,##0", "#,##0.0"}


@pytest.mark.django_db
def test_an_unknown_kpi_is_refused():
    with pytest.raises(CommandError, match="finns inte"):
        export("--kpi", "X99999")
