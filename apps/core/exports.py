"""Tabular exports that open right in Swedish Excel: CSV (; and decimal comma) and XLSX.

Rows are dicts with the same keys; numbers stay numbers in XLSX (with a number format)
and get a decimal comma in CSV; None is an empty cell, never 0.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import OutputWrapper
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return repr(value).replace(".", ",").removesuffix(",0")
    return str(value)


def rows_to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 with BOM and ';' so Excel in Swedish opens it without an import dialog."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, title: str = "Data"
) -> bytes:
    """Real numbers with number formats; written in openpyxl's streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if not isinstance(value, float):  # text, dates and whole numbers need no format
                cells.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "# ##0.0##"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rows_to_json(rows: Sequence[dict[str, Any]]) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False, indent=1).encode("utf-8")


def render_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> bytes:
    if fmt == "json":
        return rows_to_json(rows)
    if fmt == "csv":
        return rows_to_csv(rows, columns)
    if fmt == "xlsx":
        return rows_to_xlsx(rows, columns)
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
