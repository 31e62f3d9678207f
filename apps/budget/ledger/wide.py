"""The wide ledger layout: a column per month, as annual reports print the ledger
(typ;ar;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;jan;…;dec, and helar for an annual
budget). An empty month cell is no amount; a prognos row's month is the month it was made."""

from __future__ import annotations

from apps.budget.ledger.long import Account
from apps.budget.ledger.rows import YEAR, Cells, LedgerRow, Reading, read_centre


def read_wide(
    header: list[str],
    rows: Cells,
    reading: Reading,
    account: Account,
    account_column: str,
    months: dict[int, int],
) -> list[LedgerRow]:
    at = {column: i for i, column in enumerate(header)}
    kind_i, year_i, code_i = at["typ"], at["ar"], at["ansvar"]
    name_i, parent_i = at.get("ansvar_namn"), at.get("overordnat_ansvar")
    account_i = at[account_column]
    month_columns = sorted(months.items())
    result: list[LedgerRow] = []
    width = len(header)
    for number, cells in rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        try:
            kind = reading.kind(cells[kind_i], number)
            text = cells[year_i]
            if not (match := YEAR.match(text)):
                raise reading.bad(number, "ar", f"väntade ett år ÅÅÅÅ, fick {text!r}")
            year = reading.year(int(match[1]), number, "ar")
            code, name, parent = read_centre(reading, cells, number, code_i, name_i, parent_i)
            slag, revenue = account(cells[account_i], number)
            amounts = []
            for month, i in month_columns:
                cell = cells[i]
                if not cell:
                    continue
                if month == 0 and kind != "budget":
                    raise reading.bad(number, header[i], "helår gäller bara budget")
                amounts.append((month, reading.amount(cell, number, header[i])))
        except ValueError as exc:
            if reading.failed(exc):
                break
            continue
        result.extend(
            LedgerRow(kind, year, month, code, name, parent, slag, revenue, amount, number)
            for month, amount in amounts
        )
    return result
