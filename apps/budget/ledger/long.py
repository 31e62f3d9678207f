"""The long ledger layout: one amount per row (typ;period;ansvar;…;kontoslag;belopp)."""

from __future__ import annotations

import re
from collections.abc import Callable

from apps.budget.ledger.rows import YEAR, Cells, LedgerRow, Reading, read_centre

MONTH = re.compile(r"^(\d{4})-?(\d{2})(?:-01)?$", re.ASCII)  # 2025-01, 202501, 2025-01-01

Account = Callable[[str, int], tuple[str, bool]]  # cell, row → (kostnadsslag, is revenue)


def read_long(
    header: list[str], rows: Cells, reading: Reading, account: Account, account_column: str
) -> list[LedgerRow]:
    at = {column: i for i, column in enumerate(header)}
    kind_i, period_i, code_i = at["typ"], at["period"], at["ansvar"]
    name_i, parent_i = at.get("ansvar_namn"), at.get("overordnat_ansvar")
    account_i, amount_i = at[account_column], at["belopp"]
    result: list[LedgerRow] = []
    width = len(header)
    periods: dict[tuple[str, str], tuple[int, int]] = {}
    for number, cells in rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        try:
            kind = reading.kind(cells[kind_i], number)
            key = (cells[period_i], kind)
            if (period := periods.get(key)) is None:
                period = periods[key] = _period(reading, key[0], kind, number)
            year, month = period
            code, name, parent = read_centre(reading, cells, number, code_i, name_i, parent_i)
            slag, revenue = account(cells[account_i], number)
            amount = reading.amount(cells[amount_i], number)
        except ValueError as exc:
            if reading.failed(exc):
                break
            continue
        result.append(
            LedgerRow(kind, year, month, code, name, parent, slag, revenue, amount, number)
        )
    return result


def _period(reading: Reading, period: str, kind: str, number: int) -> tuple[int, int]:
    if match := MONTH.match(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise reading.bad(number, "period", f"månaden ska vara 01–12, fick {period!r}")
    elif (match := YEAR.match(period)) and kind == "budget":
        year, month = int(match[1]), 0
    else:
        expected = "ÅÅÅÅ-MM eller ÅÅÅÅ (helårsbudget)" if kind == "budget" else "ÅÅÅÅ-MM"
        raise reading.bad(number, "period", f"väntade {expected}, fick {period!r}")
    return reading.year(year, number, "period"), month
