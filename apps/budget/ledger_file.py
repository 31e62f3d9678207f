"""Reading a ledger file (CSV with ; , or tab, or XLSX; UTF-8 with or without BOM, or
Windows-1252) into checked rows. Every problem names the file, row and column."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.utils import timezone

from apps.budget.models import CostCentre, LedgerEntry
from apps.core.cells import decimal_for, max_length, single_line
from apps.core.formatting import parse_number
from apps.core.table_files import TableFileError, read_rows

COLUMNS = ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"]
KINDS = {"utfall", "budget", "prognos"}
REVENUE = "intakter"
COST_KINDS = {
    "kostnader", "personalkostnader", "lokalkostnader", "kop_av_tjanster", "ovriga_kostnader",
    "kapitalkostnader", "material", "lamnade_bidrag",
}  # fmt: skip
MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)  # "２０２５-01" is no period
YEAR = re.compile(r"^(\d{4})$", re.ASCII)
EXCEL_MONTH = re.compile(r"^\d{4}-\d{2}-01$", re.ASCII)

# The text columns and the model field each is stored in (its max_length is the limit).
TEXT_FIELDS = {
    "ansvar": (CostCentre, "code"),
    "ansvar_namn": (CostCentre, "name"),
    "overordnat_ansvar": (CostCentre, "code"),
}
BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
MAX_ERRORS = 50
YEARS_AROUND = 10  # a ledger period lies within ten years of today
PERIOD_OUT_OF_RANGE = "året {year} ligger mer än {years} år från i år; det är inte rimligt här"


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


LedgerFileError = TableFileError


def read_ledger(path: Path, name: str | None = None) -> list[LedgerRow]:
    """All rows of the file, checked; raise LedgerFileError with every problem found."""
    label = f"fil {name or path.name}"
    rows: list[LedgerRow] = []
    errors: list[str] = []
    for number, values in read_rows(path, label, COLUMNS):
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
    if EXCEL_MONTH.match(period):  # Excel turned 2025-01 into the date 2025-01-01
        period = period[:7]
    if match := MONTH.match(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise bad("period", f"månaden ska vara 01–12, fick {period!r}")
    elif (match := YEAR.match(period)) and kind == "budget":
        year, month = int(match[1]), 0
    else:
        expected = "ÅÅÅÅ-MM eller ÅÅÅÅ (helårsbudget)" if kind == "budget" else "ÅÅÅÅ-MM"
        raise bad("period", f"väntade {expected}, fick {period!r}")
    if abs(year - timezone.localdate().year) > YEARS_AROUND:
        raise bad("period", PERIOD_OUT_OF_RANGE.format(year=year, years=YEARS_AROUND))
    texts = {}
    for column, field in TEXT_FIELDS.items():
        try:
            texts[column] = single_line(values[column], max_length=max_length(*field))
        except ValueError as exc:
            raise bad(column, str(exc)) from None
    code = texts["ansvar"]
    if not code:
        raise bad("ansvar", "ansvarskoden saknas")
    if not texts["ansvar_namn"]:
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
    try:
        amount = decimal_for(amount, LedgerEntry, "amount")
    except ValueError as exc:
        raise bad("belopp", str(exc)) from None
    if texts["overordnat_ansvar"] == code:
        raise bad("overordnat_ansvar", "ett ansvar kan inte vara sitt eget överordnade")
    return LedgerRow(kind, year, month, code, texts["ansvar_namn"], texts["overordnat_ansvar"],
                     account, account == REVENUE, amount, number)  # fmt: skip
