"""The account-based layout: a `konto` column with Kommun-Bas four-digit accounts instead of
a kontoslag. Each account is stored under the kostnadsslag of its account group (see
kostnadsslag.ACCOUNT_GROUPS), or the committee's own override (AccountOverride, in the
admin) for the account or its group."""

from __future__ import annotations

import re
from collections.abc import Callable

from apps.budget.kostnadsslag import is_revenue, kostnadsslag_for_account
from apps.budget.ledger.rows import Reading

ACCOUNT = re.compile(r"^(\d{4})\b", re.ASCII)  # "4611" or "4611 Köp av huvudverksamhet"


def account_reader(reading: Reading) -> Callable[[str, int], tuple[str, bool]]:
    """A function from a `konto` cell (and its row) to (kostnadsslag, is revenue)."""
    known: dict[str, tuple[str, bool]] = {}

    def account(text: str, row: int) -> tuple[str, bool]:
        if text in known:
            return known[text]
        match = ACCOUNT.match(text.strip())
        if not match:
            raise reading.bad(row, "konto", f"väntade ett fyrsiffrigt konto, fick {text!r}")
        slag = kostnadsslag_for_account(match[1], reading.account_overrides)
        if slag is None:
            raise reading.bad(
                row,
                "konto",
                f"kontot {match[1]} hör inte till någon kontogrupp för intäkter eller "
                "kostnader; lägg till det under Kontomappning i administrationen",
            )
        known[text] = (slag.value, is_revenue(slag))
        return known[text]

    return account
