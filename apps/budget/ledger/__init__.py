"""Reading a ledger file into checked rows, whatever its layout (one module per concern:
layouts detects, long, wide and accounts read, mapping renames, kostnadsslag classifies).
Nothing here writes; apps.budget.services does, after the whole file is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apps.budget.ledger.accounts import account_reader
from apps.budget.ledger.layouts import Layout, detect
from apps.budget.ledger.long import read_long
from apps.budget.ledger.mapping import apply_mapping, fits
from apps.budget.ledger.rows import KEEP_PARENT, LedgerFileError, LedgerRow, Reading
from apps.budget.ledger.wide import read_wide
from apps.core.table_files import NO_ROWS, read_table

__all__ = [
    "KEEP_PARENT",
    "InvestmentFileGiven",
    "LedgerFile",
    "LedgerFileError",
    "LedgerRow",
    "Mapping",
    "read_ledger",
]


class InvestmentFileGiven(Exception):
    """The file is an investment file (typ;ar;projekt;projekt_namn;belopp)."""


@dataclass
class Mapping:
    name: str
    columns: dict[str, str]


@dataclass
class LedgerFile:
    layout: Layout
    rows: list[LedgerRow]
    mapping: str = ""  # the column mapping used, if any


def read_ledger(
    path: Path,
    name: str | None = None,
    *,
    mapping: Mapping | None = None,
    saved_mappings: list[Mapping] | None = None,
    account_overrides: dict[str, str] | None = None,
) -> LedgerFile:
    """All rows of the file, checked; raise LedgerFileError with every problem found.

    `mapping` is applied when given; otherwise a file whose header is none of ours is read
    with the first of `saved_mappings` whose headings it has."""
    reading = Reading(f"fil {name or path.name}", dict(account_overrides or {}))
    header, cells = read_table(path, reading.label)
    used = ""
    try:
        if mapping is None:
            try:
                detect(header, reading.label)
            except ValueError:
                mapping = next((m for m in saved_mappings or [] if fits(header, m.columns)), None)
        if mapping is not None:
            header, cells = apply_mapping(
                header, cells, mapping.columns, mapping.name, reading.label
            )
            used = mapping.name
        layout = detect(header, reading.label, mapped=bool(used))
    except ValueError as exc:
        raise LedgerFileError([str(exc)]) from None
    if layout.shape == "investments":
        raise InvestmentFileGiven()
    account = account_reader(reading) if layout.account_column == "konto" else reading.kostnadsslag
    if layout.shape == "long":
        rows = read_long(header, cells, reading, account, layout.account_column)
    else:
        rows = read_wide(header, cells, reading, account, layout.account_column, layout.months)
    reading.raise_errors()
    if not rows:
        raise LedgerFileError([NO_ROWS.format(file=reading.label)])
    return LedgerFile(layout, rows, used)
