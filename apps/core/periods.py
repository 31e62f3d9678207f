"""Periods of figures: a year ("2024") or a part of one ("2024Q3", "2024T2")."""

from __future__ import annotations

import re

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>[QT])(?P<part>[1-4]))?$")
BAD_PERIOD = "'{text}' är ingen period (skriv 2024, 2024Q3 för kvartal eller 2024T2 för tertial)."


def normalise_period(text: str | int) -> str:
    """Return the canonical period text or raise ValueError with a Swedish message."""
    cleaned = str(text).strip().upper().replace("K", "Q").replace("-", "")
    match = PERIOD_PATTERN.match(cleaned)
    if not match or (match["kind"] == "T" and match["part"] == "4"):
        raise ValueError(BAD_PERIOD.format(text=text))
    return cleaned


def period_year(period: str) -> int:
    return int(period[:4])


def is_year(period: str) -> bool:
    return len(period) == 4
