"""The ledger readers moved to apps.budget.ledger (one module per concern); these names are
kept for code that imported them from here."""

from __future__ import annotations

from apps.budget.ledger import LedgerFileError, LedgerRow, read_ledger
from apps.budget.ledger.layouts import LONG as COLUMNS

__all__ = ["COLUMNS", "LedgerFileError", "LedgerRow", "read_ledger"]
