"""Tabular exports that open right in Swedish Excel: CSV (; and decimal comma) and XLSX.

Rows are dicts with the same keys; numbers stay numbers in XLSX (with a number format)
and get a decimal comma in CSV; None is an empty cell, never 0. Every text cell passes
`neutralise`, so nothing a user typed is evaluated as a formula when the file is opened.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from django.core.management.base import OutputWrapper
from django.utils import timezone

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Standard formats: Excel and LibreOffice show them with the reader's own thousands
# separator and decimal comma ("# ##0.0##" came out as "-754759 972.0" in LibreOffice).
NUMBER_FORMATS = ["#,##0", "#,##0.0", "#,##0.00"]  # by the decimals a column needs

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Text that is a plain number ("-12", "+3,5") is no formula and is left as it is.
PLAIN_NUMBER = re.compile(r"[-+]?[\d\s\u00a0]*[.,]?\d+")


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula: a leading ' where it could be one."""
    if text.lstrip(" ").startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def _finite(value: Any) -> Any:
    # NaN and infinity (a float's or a Decimal's) are no figures: an empty cell, as for a
    # missing value.
    return None if isinstance(value, float | Decimal) and not math.isfinite(value) else value


def _text(value: Any) -> str:
    """A value without a cell type of its own, as text. A moment in time is written as the
    time in Sweden (TIME_ZONE), as the pages show it, not in UTC."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return neutralise(str(value))


def _csv_cell(value: Any) -> str:
    value = _finite(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return repr(value).replace(".", ",").removesuffix(",0")
    if isinstance(value, int | Decimal | date) and not isinstance(value, datetime):
        return str(value)
    return _text(value)


def _heading_row(columns: Sequence[str], headings: Mapping[str, str] | None) -> list[str]:
    """The header a person reads: the Swedish heading of each key, or the key itself."""
    return [neutralise(str((headings or {}).get(column, column))) for column in columns]


def _column_format(values: list[Any]) -> int | None:
    """The index in NUMBER_FORMATS for a column: the decimals its figures need (0–2; the
    cell keeps every digit), or None for whole numbers only (years and counts, "2024").
    NaN and infinity are no figures (they are written as empty cells)."""
    figures = [v for v in values if isinstance(v, float | Decimal) and math.isfinite(v)]
    if not figures:
        return None
    for places in (0, 1):
        if all(round(value, places) == value for value in figures):
            return places
    return 2


def rows_to_csv(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headings: Mapping[str, str] | None = None,
) -> bytes:
    """UTF-8 with BOM and ';' so Excel in Swedish opens it without an import dialog."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_heading_row(columns, headings))
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headings: Mapping[str, str] | None = None,
    *,
    title: str = "Data",
) -> bytes:
    """Real numbers (decimals with a number format), a bold frozen header row; written by
    XlsxWriter row by row (about twice as fast as openpyxl for the long EVB lists). Each
    value's type is looked at once, and a text that repeats (names, laws, statuses) is
    neutralised once."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    sheet.freeze_panes(1, 0)
    bold = workbook.add_format({"bold": True})
    for index, heading in enumerate(_heading_row(columns, headings)):
        sheet.write_string(0, index, heading, bold)
    formats = [workbook.add_format({"num_format": code}) for code in NUMBER_FORMATS]
    # One format per column, so 74 and 74.5 line up as "74,0" and "74,5".
    number_format = []
    for column in columns:
        chosen = _column_format([row.get(column) for row in rows])
        number_format.append(None if chosen is None else formats[chosen])
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    write_string, write_number = sheet.write_string, sheet.write_number
    texts: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = row.get(column)
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                text = texts.get(value)
                if text is None:
                    text = texts[value] = neutralise(value)
                write_string(number, index, text)
            elif kind is bool:
                sheet.write_boolean(number, index, value)
            elif isinstance(value, int | float | Decimal):
                if _finite(value) is not None:  # NaN and infinity: an empty cell
                    write_number(number, index, value, number_format[index])
            elif isinstance(value, date) and not isinstance(value, datetime):
                sheet.write_datetime(number, index, value, day)
            else:
                write_string(number, index, _text(value))
    workbook.close()
    return output.getvalue()


def rows_to_json(rows: Sequence[dict[str, Any]]) -> bytes:
    finite = [{key: _finite(value) for key, value in row.items()} for row in rows]
    return json.dumps(finite, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def render_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    headings: Mapping[str, str] | None = None,
) -> bytes:
    """JSON keeps the keys (a contract); CSV and XLSX head each column with its heading."""
    if fmt == "json":
        return rows_to_json(rows)
    if fmt == "csv":
        return rows_to_csv(rows, columns, headings)
    if fmt == "xlsx":
        return rows_to_xlsx(rows, columns, headings)
    raise ValueError(f"okänt format {fmt!r}")


def write_export(
    stdout: OutputWrapper, data: bytes, fmt: str, output: Path | None, done: str
) -> None:
    """Write an export to a file (then print `done` and the path) or to standard output."""
    if output:
        output.write_bytes(data)
        stdout.write(f"{done} till {output}")
    elif fmt in {"xlsx", "pdf"}:
        sys.stdout.buffer.write(data)
    else:
        stdout.write(data.decode("utf-8"))
