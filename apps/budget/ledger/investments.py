"""The investment file: budget and utfall per investment project and year
(typ;ar;projekt;projekt_namn;belopp). Amounts are kronor; an utgift printed negative (as
annual reports print bokslut) is stored as its size."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from apps.budget.ledger.layouts import detect
from apps.budget.ledger.rows import YEAR, LedgerFileError, Reading
from apps.budget.models import Investment
from apps.core.cells import max_length, single_line
from apps.core.table_files import NO_ROWS, read_table

KINDS = {"utfall", "budget"}
NOT_INVESTMENTS = "{file}: rubrikraden ska vara typ;ar;projekt;projekt_namn;belopp"


class InvestmentRow(NamedTuple):
    kind: str
    year: int
    project: str
    name: str
    amount: Decimal
    row: int


def read_investments(path: Path, name: str | None = None) -> list[InvestmentRow]:
    """All rows of the file, checked; raise LedgerFileError with every problem found."""
    reading = Reading(f"fil {name or path.name}")
    header, cells = read_table(path, reading.label)
    try:
        layout = detect(header, reading.label)
    except ValueError as exc:
        raise LedgerFileError([str(exc)]) from None
    if layout.shape != "investments":
        raise LedgerFileError([NOT_INVESTMENTS.format(file=reading.label)])
    at = {column: i for i, column in enumerate(header)}
    width = len(header)
    rows: list[InvestmentRow] = []
    for number, row in cells:
        row = row + [""] * (width - len(row))
        try:
            rows.append(_row(reading, row, at, number))
        except ValueError as exc:
            if reading.failed(exc):
                break
    reading.raise_errors()
    if not rows:
        raise LedgerFileError([NO_ROWS.format(file=reading.label)])
    return rows


def _row(reading: Reading, cells: list[str], at: dict[str, int], number: int) -> InvestmentRow:
    kind = cells[at["typ"]].lower()
    if kind not in KINDS:
        raise reading.bad(number, "typ", f"väntade utfall eller budget, fick {cells[at['typ']]!r}")
    text = cells[at["ar"]]
    if not (match := YEAR.match(text)):
        raise reading.bad(number, "ar", f"väntade ett år ÅÅÅÅ, fick {text!r}")
    year = reading.year(int(match[1]), number, "ar")
    texts = []
    for column, field in (("projekt", "project"), ("projekt_namn", "name")):
        try:
            texts.append(single_line(cells[at[column]], max_length=max_length(Investment, field)))
        except ValueError as exc:
            raise reading.bad(number, column, str(exc)) from None
        if not texts[-1]:
            raise reading.bad(number, column, "värdet saknas")
    amount = abs(reading.amount(cells[at["belopp"]], number))
    return InvestmentRow(kind, year, texts[0], texts[1], amount, number)
