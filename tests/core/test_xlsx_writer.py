"""The XLSX writer (apps.core.exports.rows_to_xlsx, with XlsxWriter): what a spreadsheet
reads back from it is what the rows held."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from lxml import etree
from openpyxl import load_workbook

from apps.core.exports import rows_to_xlsx

ROWS = [
    {"namn": " Surte ", "belopp": Decimal("3.25"), "dag": date(2025, 1, 2), "klar": True},
    {"namn": "A & B <c>", "belopp": -1e20, "dag": datetime(2025, 1, 2, 3, 4), "klar": False},
    {"namn": "x" * 40_000, "belopp": 10**17, "dag": None, "klar": None},
]


def sheet_of(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data)).active


def test_every_part_of_the_package_is_well_formed_xml():
    package = zipfile.ZipFile(io.BytesIO(rows_to_xlsx(ROWS, list(ROWS[0]), title="A & <b>")))

    for name in package.namelist():
        etree.fromstring(package.read(name))
    assert "xl/worksheets/sheet1.xml" in package.namelist()


def test_the_header_is_bold_and_frozen_and_the_sheet_keeps_its_title():
    sheet = sheet_of(rows_to_xlsx(ROWS, list(ROWS[0]), {"namn": "Namn"}, title="Budget"))

    assert [cell.value for cell in sheet[1]] == ["Namn", "belopp", "dag", "klar"]
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Budget"


def test_texts_keep_their_spaces_and_markup_and_are_cut_at_excels_limit():
    sheet = sheet_of(rows_to_xlsx(ROWS, list(ROWS[0])))

    assert sheet["A2"].value == " Surte "
    assert sheet["A3"].value == "A & B <c>"
    assert len(sheet["A4"].value) == 32_767


def test_numbers_days_and_truth_values_are_read_back_as_such():
    sheet = sheet_of(rows_to_xlsx(ROWS, list(ROWS[0])))

    assert [sheet[f"B{n}"].value for n in (2, 3, 4)] == [3.25, -1e20, 10**17]
    assert sheet["C2"].value == datetime(2025, 1, 2)
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["C3"].value == "2025-01-02 03:04:00"  # a time of day is written as text
    assert (sheet["D2"].value, sheet["D3"].value, sheet["D4"].value) == (True, False, None)


def test_control_characters_become_excels_escapes():
    sheet = sheet_of(rows_to_xlsx([{"t": "a\x01b"}], ["t"]))

    assert sheet["A2"].value == "a_x0001_b"  # Excel shows "a\x01b"


def test_a_decimal_nan_or_infinity_is_an_empty_cell_as_a_floats_is():
    rows = [{"n": Decimal("NaN")}, {"n": Decimal("Infinity")}, {"n": float("nan")}, {"n": 1}]
    sheet = sheet_of(rows_to_xlsx(rows, ["n"]))

    assert [sheet[f"A{n}"].value for n in (2, 3, 4, 5)] == [None, None, None, 1]


def test_days_before_and_after_excels_29_february_1900_are_read_back_as_written():
    sheet = sheet_of(rows_to_xlsx([{"d": date(1900, 3, 1)}, {"d": date(2026, 11, 28)}], ["d"]))

    assert sheet["A2"].value == datetime(1900, 3, 1)
    assert sheet["A3"].value == datetime(2026, 11, 28)
