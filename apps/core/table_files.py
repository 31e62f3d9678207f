"""Reading the tables people export from Excel or their systems: CSV (; , or tab, UTF-8
with or without BOM, or Windows-1252) and XLSX, as rows of cells with a header row.

A hostile file cannot stall a reader: the file's size, the unpacked size of an XLSX, the
number of rows and the length of a cell have limits from the settings
(`IMPORT_MAX_FILE_BYTES`, `IMPORT_MAX_UNPACKED_BYTES`, `IMPORT_MAX_ROWS`,
`IMPORT_MAX_CELL_CHARS`), and an XLSX is read row by row as stored — never by the size
the sheet claims (a single cell at XFD1048576 is one row, not a million).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from openpyxl.utils import get_column_letter

NOT_READABLE = "{file}: kan inte läsas som CSV eller XLSX ({problem})"
EMPTY = "{file}: filen är tom"
NO_ROWS = "{file}: filen har bara en rubrikrad, inga rader med uppgifter"
MISSING_COLUMNS = "{file}: rubrikraden saknar {columns} (väntade {expected})"
DUPLICATE_COLUMN = "{file}: kolumnen '{column}' finns två gånger i rubrikraden ({letters})"
TOO_LARGE = "{file}: filen är {size} MB; högst {limit} MB kan läsas in"
TOO_LARGE_UNPACKED = "{file}: XLSX-filen packas upp till mer än {limit} MB; den läses inte"
TOO_MANY_ROWS = "{file}, rad {row}: filen har fler än {limit} rader; dela upp den"
BAD_CSV_ROW = "{file}, rad {row}: kan inte läsas som CSV ({problem})"
BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
CONTROL_CHARACTER = "innehåller ett otillåtet styrtecken (U+{code:04X})"
CELL_TOO_LONG = "cellen har {length} tecken; högst {limit} tillåts"

# Characters no import wants (NUL and the other C0 controls but tab, newline and carriage
# return, and DEL): refused in every cell that is read.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
MAX_HEADER_COLUMNS = 1000


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

    `columns` must be in the header; `optional` ones are read when there ("" otherwise).

    Raise TableFileError (naming the file, and the row and column where there is one) for
    a file that is too large, empty, has only a header, lacks or repeats a column, has too
    many rows, or a cell with a control character or more than IMPORT_MAX_CELL_CHARS.
    """
    header, rows = read_table(path, label)
    missing = [column for column in columns if column not in header]
    if missing:
        problem = MISSING_COLUMNS.format(
            file=label, columns=", ".join(missing), expected=";".join(columns)
        )
        raise TableFileError([problem])
    index = {column: header.index(column) for column in columns}
    index.update({column: header.index(column) for column in optional if column in header})
    absent = {column: "" for column in optional if column not in header}
    found = False
    for number, cells in rows:
        values = {column: cells[i] if i < len(cells) else "" for column, i in index.items()}
        values.update(absent)
        found = True
        yield number, values
    if not found:
        raise TableFileError([NO_ROWS.format(file=label)])


def read_table(path: Path, label: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (lower-case, stripped) and an iterator of (row number, stripped cells).

    Every check of read_rows but the wanted columns and the "header only" one; rows are
    read lazily, so a limit is reported when the reader gets there.
    """
    _check_size(path, label)
    raw = (
        _xlsx_rows(path, label) if path.suffix.lower() in XLSX_SUFFIXES else _csv_rows(path, label)
    )
    header: list[str] = []
    for _, first in raw:  # the first row with any text is the header
        header = [_text(cell).lower() for cell in first[:MAX_HEADER_COLUMNS]]
        while header and not header[-1]:
            header.pop()
        if header:
            break
    if not header:
        raise TableFileError([EMPTY.format(file=label)])
    _refuse_duplicate_columns(header, label)
    return header, _checked(raw, header, label)


def _checked(
    raw: Iterator[tuple[int, Sequence[object]]], header: list[str], label: str
) -> Iterator[tuple[int, list[str]]]:
    max_rows: int = settings.IMPORT_MAX_ROWS
    max_chars: int = settings.IMPORT_MAX_CELL_CHARS
    width = len(header)
    for number, cells in raw:
        if number > max_rows + 1:
            raise TableFileError([TOO_MANY_ROWS.format(file=label, row=number, limit=max_rows)])
        texts = [c.strip() if isinstance(c, str) else _text(c) for c in cells[:width]]
        line = "".join(texts)  # one check per row; each cell only when the row has a problem
        for position, text in enumerate(
            texts if len(line) > max_chars or CONTROL.search(line) else ()
        ):
            column = header[position] or get_column_letter(position + 1)
            if len(text) > max_chars:
                problem = CELL_TOO_LONG.format(length=len(text), limit=max_chars)
                raise TableFileError(
                    [BAD_CELL.format(file=label, row=number, column=column, problem=problem)]
                )
            if bad := CONTROL.search(text):
                problem = CONTROL_CHARACTER.format(code=ord(bad.group()))
                raise TableFileError(
                    [BAD_CELL.format(file=label, row=number, column=column, problem=problem)]
                )
        if any(texts):
            yield number, texts


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _refuse_duplicate_columns(header: list[str], label: str) -> None:
    seen: dict[str, list[str]] = {}
    for position, name in enumerate(header, start=1):
        if name:
            seen.setdefault(name, []).append(get_column_letter(position))
    errors = [
        DUPLICATE_COLUMN.format(file=label, column=name, letters=" och ".join(letters))
        for name, letters in seen.items()
        if len(letters) > 1
    ]
    if errors:
        raise TableFileError(errors)


def _check_size(path: Path, label: str) -> None:
    limit: int = settings.IMPORT_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    if size > limit:
        raise TableFileError(
            [TOO_LARGE.format(file=label, size=_megabytes(size), limit=_megabytes(limit))]
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # what Excel in Swedish saves as "CSV (semikolonavgränsad)"


def _csv_rows(path: Path, label: str) -> Iterator[tuple[int, Sequence[object]]]:
    try:
        text = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", "\t", ","], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = BAD_CSV_ROW.format(file=label, row=number + 1, problem=exc)
            raise TableFileError([problem]) from exc
        number += 1
        yield number, cells


def _xlsx_rows(path: Path, label: str) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows as stored in the first sheet, with their real row numbers.

    openpyxl's own iterator pads every row to the size the sheet declares and yields the
    missing rows in between, so one cell at XFD1048576 means 17 billion empty cells; its
    parser is used directly instead, keeping only the columns the header can have.
    """
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    limit: int = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limit:
            raise TableFileError([TOO_LARGE_UNPACKED.format(file=label, limit=limit // 1_000_000)])
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        source = sheet._get_source()  # type: ignore[union-attr]
        shared_strings = sheet._shared_strings  # type: ignore[union-attr]
    except TableFileError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a broken file
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    parser = WorkSheetParser(
        source,
        shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    width = MAX_HEADER_COLUMNS
    try:
        for number, cells in parser.parse():
            row: list[object] = []
            for cell in cells:
                column = cell["column"]
                if column > width:
                    break
                row.extend([None] * (column - 1 - len(row)))
                row.append(_xlsx_cell(cell["value"]))
            if width == MAX_HEADER_COLUMNS and any(_text(value) for value in row):
                width = len(row)  # the header's width: later cells beyond it are never read
            yield number, row
    except TableFileError:
        raise
    except Exception as exc:  # a sheet that is not well-formed XML, or cells openpyxl refuses
        raise TableFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    finally:
        source.close()
        workbook.close()


def _xlsx_cell(cell: object) -> object:
    # Excel stores amounts as numbers (kept exact) and dates as dates.
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return cell
