"""What every ledger reader shares: the checked row, and the checks of one cell each, raising
ValueError with a Swedish message that names the file, row and column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from apps.budget.kostnadsslag import accepted_names, is_revenue, kostnadsslag_for
from apps.budget.models import CostCentre, LedgerEntry
from apps.core.cells import decimal_for, max_length, single_line
from apps.core.formatting import parse_number
from apps.core.table_files import TableFileError

KINDS = {"utfall", "budget", "prognos"}
YEAR = re.compile(r"^(\d{4})$", re.ASCII)
BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
MAX_ERRORS = 50
CACHE_SIZE = 100_000  # checked cells kept per file
YEARS_AROUND = 10  # a ledger period lies within ten years of today
PERIOD_OUT_OF_RANGE = "året {year} ligger mer än {years} år från i år; det är inte rimligt här"
CODE_LENGTH = max_length(CostCentre, "code")
NAME_LENGTH = max_length(CostCentre, "name")

LedgerFileError = TableFileError
# The parent of a row from a file without an overordnat_ansvar column (a mapped file): the
# tree is left as it is. No code can be this (control characters are refused in cells).
KEEP_PARENT = "\x00"
Cells = Iterator[tuple[int, list[str]]]


class LedgerRow(NamedTuple):
    kind: str
    year: int
    month: int  # 0: a whole year's budget
    code: str
    name: str  # "" where the file names no ansvar (a mapped file without names)
    parent: str
    account: str  # a Kostnadsslag value
    is_revenue: bool
    amount: Decimal
    row: int


@dataclass
class Reading:
    """One file being read: its label for messages and the problems found so far."""

    label: str
    account_overrides: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    this_year: int = field(default_factory=lambda: timezone.localdate().year)

    # Cells repeat: a ledger names the same few hundred cost centres, kinds, periods and
    # kostnadsslag on every row, and many amounts recur. Checked values are kept (bounded).
    _centres: dict[tuple[str, str, str, bool, bool], tuple[str, str, str]] = field(
        default_factory=dict
    )
    _amounts: dict[str, Decimal] = field(default_factory=dict)
    _accounts: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def bad(self, row: int, column: str, problem: str) -> ValueError:
        return ValueError(BAD_CELL.format(file=self.label, row=row, column=column, problem=problem))

    def failed(self, exc: ValueError) -> bool:
        """Note a problem; True once enough are found to stop reading."""
        self.errors.append(str(exc))
        return len(self.errors) >= MAX_ERRORS

    def raise_errors(self) -> None:
        if self.errors:
            raise LedgerFileError(self.errors)

    def kind(self, text: str, row: int) -> str:
        if text in KINDS:
            return text
        kind = text.lower()
        if kind not in KINDS:
            raise self.bad(row, "typ", f"väntade utfall, budget eller prognos, fick {text!r}")
        return kind

    def year(self, year: int, row: int, column: str) -> int:
        if abs(year - self.this_year) > YEARS_AROUND:
            raise self.bad(row, column, PERIOD_OUT_OF_RANGE.format(year=year, years=YEARS_AROUND))
        return year

    def centre(
        self,
        code: str,
        name: str,
        parent: str,
        row: int,
        *,
        name_required: bool = True,
        parent_missing: bool = False,
    ) -> tuple[str, str, str]:
        key = (code, name, parent, name_required, parent_missing)
        if (known := self._centres.get(key)) is not None:
            return known
        checked = self._centre(code, name, parent, row, name_required, parent_missing)
        if len(self._centres) < CACHE_SIZE:
            self._centres[key] = checked
        return checked

    def _centre(
        self,
        code: str,
        name: str,
        parent: str,
        row: int,
        name_required: bool,
        parent_missing: bool,
    ) -> tuple[str, str, str]:
        texts = []
        for column, text, limit in (
            ("ansvar", code, CODE_LENGTH), ("ansvar_namn", name, NAME_LENGTH),
            ("overordnat_ansvar", parent, CODE_LENGTH),
        ):  # fmt: skip
            try:
                texts.append(single_line(text, max_length=limit))
            except ValueError as exc:
                raise self.bad(row, column, str(exc)) from None
        if not texts[0]:
            raise self.bad(row, "ansvar", "ansvarskoden saknas")
        if name_required and not texts[1]:
            raise self.bad(row, "ansvar_namn", "namnet saknas")
        if parent_missing:
            texts[2] = KEEP_PARENT
        elif texts[2] == texts[0]:
            raise self.bad(
                row, "overordnat_ansvar", "ett ansvar kan inte vara sitt eget överordnade"
            )
        return texts[0], texts[1], texts[2]

    def kostnadsslag(self, text: str, row: int) -> tuple[str, bool]:
        if (known := self._accounts.get(text)) is not None:
            return known
        slag = kostnadsslag_for(text)
        if slag is None:
            raise self.bad(row, "kontoslag", f"väntade {accepted_names()}, fick {text!r}")
        self._accounts[text] = (slag.value, is_revenue(slag))
        return self._accounts[text]

    def amount(self, text: str, row: int, column: str = "belopp") -> Decimal:
        if (known := self._amounts.get(text)) is not None:
            return known
        amount = self._amount(text, row, column)
        if len(self._amounts) < CACHE_SIZE:
            self._amounts[text] = amount
        return amount

    def _amount(self, text: str, row: int, column: str) -> Decimal:
        try:
            amount = parse_number(text)
        except ValueError:
            raise self.bad(
                row, column, f"väntade ett belopp i kronor (t.ex. -12 345,50), fick {text!r}"
            ) from None
        try:
            return decimal_for(amount, LedgerEntry, "amount")
        except ValueError as exc:
            raise self.bad(row, column, str(exc)) from None


def read_centre(
    reading: Reading,
    cells: list[str],
    number: int,
    code_i: int,
    name_i: int | None,
    parent_i: int | None,
) -> tuple[str, str, str]:
    """The row's checked (ansvar, ansvar_namn, overordnat_ansvar), from the columns at these
    indexes: a file without a name column needs no name, one without a parent column keeps
    the tree as it is (KEEP_PARENT)."""
    return reading.centre(
        cells[code_i],
        cells[name_i] if name_i is not None else "",
        cells[parent_i] if parent_i is not None else "",
        number,
        name_required=name_i is not None,
        parent_missing=parent_i is None,
    )
