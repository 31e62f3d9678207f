"""Reading a ledger file (CSV with ; , or tab, or XLSX; UTF-8 with or without BOM, or
Windows-1252) into checked rows. Every problem names the file, row and column."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from apps.core.formatting import parse_number

COLUMNS = ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"]
KINDS = {"utfall", "budget", "prognos"}
REVENUE = "intakter"
COST_KINDS = {
    "kostnader", "personalkostnader", "lokalkostnader", "kop_av_tjanster", "ovriga_kostnader",
    "kapitalkostnader", "material", "lamnade_bidrag",
}  # fmt: skip
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")

BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
MISSING_COLUMNS = "{file}: rubrikraden saknar {columns} (väntade {expected})"
NOT_READABLE = "{file}: kan inte läsas som CSV eller XLSX ({problem})"
MAX_ERRORS = 50


class LedgerRow(NamedTuple):
    kind: str
    year: int
    month: int  # 0: a whole year's budget
    code: str
    name: str
    parent: str
    account: str
    is_revenue: bool
    amount: Decimal
    row: int


class LedgerFileError(ValueError):
    """A file that could not be read; `errors` lists every problem found (at most 50)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            "; ".join(errors[:5]) + (f" (och {len(errors) - 5} till)" if len(errors) > 5 else "")
        )
        self.errors = errors


def read_ledger(path: Path, name: str | None = None) -> list[LedgerRow]:
    """All rows of the file, checked; raise LedgerFileError with every problem found."""
    label = f"fil {name or path.name}"
    raw_rows = (
        _xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_rows(path, label)
    )
    try:
        header = [str(cell or "").strip().lower() for cell in next(raw_rows)]
    except StopIteration:
        raise LedgerFileError([f"{label}: filen är tom"]) from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise LedgerFileError(
            [
                MISSING_COLUMNS.format(
                    file=label, columns=", ".join(missing), expected=";".join(COLUMNS)
                )
            ]
        )
    index = {column: header.index(column) for column in COLUMNS}
    rows: list[LedgerRow] = []
    errors: list[str] = []
    for number, cells in enumerate(raw_rows, start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue
        values = {
            c: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip()
            for c, i in index.items()
        }
        try:
            rows.append(_row(values, number, label))
        except ValueError as exc:
            errors.append(str(exc))
            if len(errors) >= MAX_ERRORS:
                break
    if errors:
        raise LedgerFileError(errors)
    return rows


def _row(values: dict[str, str], number: int, label: str) -> LedgerRow:
    def bad(column: str, problem: str) -> ValueError:
        return ValueError(BAD_CELL.format(file=label, row=number, column=column, problem=problem))

    kind = values["typ"].lower()
    if kind not in KINDS:
        raise bad("typ", f"väntade utfall, budget eller prognos, fick {values['typ']!r}")
    period = values["period"]
    if match := MONTH.match(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise bad("period", f"månaden ska vara 01–12, fick {period!r}")
    elif (match := YEAR.match(period)) and kind == "budget":
        year, month = int(match[1]), 0
    else:
        expected = "ÅÅÅÅ-MM eller ÅÅÅÅ (helårsbudget)" if kind == "budget" else "ÅÅÅÅ-MM"
        raise bad("period", f"väntade {expected}, fick {period!r}")
    code = values["ansvar"]
    if not code:
        raise bad("ansvar", "ansvarskoden saknas")
    if not values["ansvar_namn"]:
        raise bad("ansvar_namn", "namnet saknas")
    account = values["kontoslag"].lower()
    if account != REVENUE and account not in COST_KINDS:
        raise bad(
            "kontoslag",
            f"väntade intakter eller ett kostnadsslag ({', '.join(sorted(COST_KINDS))}), "
            f"fick {values['kontoslag']!r}",
        )
    try:
        amount = parse_number(values["belopp"])
    except ValueError:
        raise bad(
            "belopp", f"väntade ett belopp i kronor (t.ex. -12 345,50), fick {values['belopp']!r}"
        ) from None
    if values["overordnat_ansvar"] == code:
        raise bad("overordnat_ansvar", "ett ansvar kan inte vara sitt eget överordnade")
    return LedgerRow(kind, year, month, code, values["ansvar_namn"], values["overordnat_ansvar"],
                     account, account == REVENUE, amount, number)  # fmt: skip


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # what Excel in Swedish saves as "CSV (semikolonavgränsad)"


def _csv_rows(path: Path, label: str) -> Iterator[Sequence[object]]:
    try:
        text = _decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerFileError([NOT_READABLE.format(file=label, problem=exc)]) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", "\t", ","], key=first_line.count)
    return iter(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(path: Path) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise LedgerFileError([NOT_READABLE.format(file=f"fil {path.name}", problem=exc)]) from exc
    sheet = workbook.worksheets[0]
    return ([_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True))


def _xlsx_cell(cell: object) -> object:
    # Excel stores amounts as numbers (kept exact) and may turn 2025-01 into a date.
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, datetime):
        return f"{cell.year}-{cell.month:02d}"
    return cell
