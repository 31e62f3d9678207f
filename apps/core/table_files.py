"""Reading the tables people export from Excel or their systems: CSV (; , or tab, UTF-8
with or without BOM, or Windows-1252) and XLSX, as rows of cells with a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

NOT_READABLE = "{file}: kan inte läsas som CSV eller XLSX ({problem})"
EMPTY = "{file}: filen är tom"
MISSING_COLUMNS = "{file}: rubrikraden saknar {columns} (väntade {expected})"


class TableFileError(ValueError):
    """A file that could not be read; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        more = f" (och {len(errors) - 5} till)" if len(errors) > 5 else ""
        super().__init__("; ".join(errors[:5]) + more)
        self.errors = errors


def read_rows(
    path: Path, label: str, columns: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {column: text}) for every non-empty row after the header.

    `columns` must all be in the header; each of `optional` is read when present and is
    "" otherwise."""
    rows = (
        _xlsx_rows(path, label)
        if path.suffix.lower() in {".xlsx", ".xlsm"}
        else _csv_rows(path, label)
    )
    try:
        header = [str(cell or "").strip().lower() for cell in next(rows)]
    except StopIteration:
        raise TableFileError([EMPTY.format(file=label)]) from None
    missing = [column for column in columns if column not in header]
    if missing:
        problem = MISSING_COLUMNS.format(
            file=label, columns=", ".join(missing), expected=";".join(columns)
        )
        raise TableFileError([problem])
    index = {column: header.index(column) for column in columns}
    index.update({column: header.index(column) for column in optional if column in header})
    absent = dict.fromkeys(column for column in optional if column not in header)
    for number, cells in enumerate(rows, start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue
        yield (
            number,
            {
                **{column: "" for column in absent},
                **{
                    column: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip()
                    for column, i in index.items()
                },
            },
        )


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # what Excel in Swedish saves as "CSV (semikolonavgränsad)"


def _csv_rows(path: Path, label: str) -> Iterator[Sequence[object]]:
    try:
        text = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", "\t", ","], key=first_line.count)
    return iter(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(path: Path, label: str) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    sheet = workbook.worksheets[0]
    return ([_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True))


def _xlsx_cell(cell: object) -> object:
    # Excel stores amounts as numbers (kept exact) and dates as dates.
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return cell
