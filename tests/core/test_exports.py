"""One writer for every CSV and XLSX cell: text a spreadsheet would evaluate is written as
text, numbers stay numbers, and NaN or infinity is an empty cell, never an error."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.exports import neutralise, render_rows
from tests.budget.test_import_ledger import ROWS, run_import, write_csv

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Hemtjänst", "-12", "+3,5", "1 234,5", "", "a=b", "e-post"])
def test_ordinary_text_and_plain_numbers_are_left_as_they_are(text):
    assert neutralise(text) == text


def test_csv_and_xlsx_write_formula_text_as_text_and_numbers_as_numbers():
    rows = [{"namn": text, "belopp": -12.5, "antal": -3} for text in FORMULAS]
    rows.append({"namn": "saknas", "belopp": float("nan"), "antal": None})

    csv_text = render_rows(rows, ["namn", "belopp", "antal"], "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render_rows(rows, ["namn", "belopp", "antal"], "xlsx"))).active
    data = json.loads(render_rows(rows, ["namn", "belopp", "antal"], "json"))

    parsed = list(csv.reader(io.StringIO(csv_text, newline=""), delimiter=";"))
    assert csv_text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""y"")";-12,5;-3'
    assert [row[0] for row in parsed[1:-1]] == ["'" + text for text in FORMULAS]
    assert parsed[-1] == ["saknas", "", ""]
    cells = list(sheet.iter_rows(min_row=2))
    assert all(row[0].value.startswith("'") and row[0].data_type == "s" for row in cells[:-1])
    assert [(row[1].value, row[2].value) for row in cells[:2]] == [(-12.5, -3), (-12.5, -3)]
    assert cells[-1][1].value is None
    assert data[-1]["belopp"] is None


def committee_with_formula_names(personas, tmp_path: Path):  # type: ignore[no-untyped-def]
    rows = [row.copy() for row in ROWS]
    for row in rows:
        if row[2] == "6341":
            row[3] = '=HYPERLINK("http://x","y")'
    run = run_import(personas.committee_b, write_csv(tmp_path, rows))
    assert run.status == "succeeded", run.errors
    return personas.committee_b


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_budget_writes_a_formula_named_cost_centre_as_text(personas, tmp_path, fmt):
    committee = committee_with_formula_names(personas, tmp_path)
    output = tmp_path / f"budget.{fmt}"

    call_command(
        "export_budget", "--committee", committee.slug, "--year", "2025", "--month", "1",
        "--format", fmt, "--output", str(output),
    )  # fmt: skip

    if fmt == "csv":
        text = output.read_bytes().decode("utf-8-sig")
        assert "'=HYPERLINK" in text
        assert ";=HYPERLINK" not in text
    else:
        sheet = load_workbook(output).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert '\'=HYPERLINK("http://x","y")' in values
        assert any(isinstance(value, float | int) and value != 0 for value in values)


def test_the_budget_page_csv_writes_the_name_as_text(personas, tmp_path, client_for):
    committee = committee_with_formula_names(personas, tmp_path)

    response = client_for("controller_b").get(
        reverse("budget:overview", args=[committee.slug]), {"ar": 2025, "manad": 1, "format": "csv"}
    )

    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_xlsx_figures_use_standard_number_formats_by_the_decimals_a_column_needs():
    rows = [
        {"ar": 2024, "netto": -754_759_972.0, "andel": 74.0, "kvot": 0.25},
        {"ar": 2025, "netto": 1_208.0, "andel": 74.5, "kvot": 1.0},
    ]

    sheet = load_workbook(io.BytesIO(render_rows(rows, list(rows[0]), "xlsx"))).active

    formats = [cell.number_format for cell in sheet[2]]
    assert formats == ["General", "#,##0", "#,##0.0", "#,##0.00"]  # a year stays "2024"
    assert sheet["B2"].value == -754_759_972
    assert not any("##0.0##" in cell.number_format for row in sheet.iter_rows() for cell in row)


def test_csv_and_xlsx_are_headed_in_swedish_while_json_keeps_its_keys():
    rows = [{"forandring": 1.5, "enhet_1": 2.0}]
    headings = {"forandring": "Förändring", "enhet_1": "Göteborgsregionen"}

    csv_text = render_rows(rows, ["forandring", "enhet_1"], "csv", headings).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render_rows(rows, list(headings), "xlsx", headings))).active
    data = json.loads(render_rows(rows, list(headings), "json", headings))

    assert csv_text.splitlines()[0] == "Förändring;Göteborgsregionen"
    assert [cell.value for cell in sheet[1]] == ["Förändring", "Göteborgsregionen"]
    assert data == [{"forandring": 1.5, "enhet_1": 2.0}]


def test_a_moment_in_time_is_written_in_swedish_time_in_csv_and_xlsx():
    rows = [{"skickad": datetime(2026, 11, 28, 23, 30, tzinfo=UTC)}]  # 00:30 in Stockholm

    csv_text = render_rows(rows, ["skickad"], "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render_rows(rows, ["skickad"], "xlsx"))).active

    assert csv_text.splitlines()[1] == "2026-11-29 00:30:00"
    assert sheet["A2"].value == "2026-11-29 00:30:00"
