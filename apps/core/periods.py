"""Periods of figures: a year ("2024") or a part of one ("2024Q3", "2024T2", "2024M07")."""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.utils import timezone

PERIOD_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:(?P<kind>[QT])(?P<part>[1-4])|M(?P<month>0[1-9]|1[0-2]))?$", re.ASCII
)
BAD_PERIOD = (
    "'{text}' är ingen period (skriv 2024, 2024Q3 för kvartal, 2024T2 för tertial "
    "eller 2024M07 för månad)."
)
MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
OUT_OF_RANGE = "{text}: året ska ligga mellan {first} och {last}."
# Figures are followed from 1990 (Kolada's oldest series start there) to a few years ahead.
FIRST_YEAR = 1990
YEARS_AHEAD = 5


def year_range() -> tuple[int, int]:
    """The years a period may have: FIRST_YEAR to YEARS_AHEAD years after this one."""
    return FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD


def normalise_period(text: str | int) -> str:
    """Return the canonical period text or raise ValueError with a Swedish message."""
    cleaned = str(text).strip().upper().replace("K", "Q")
    if re.fullmatch(r"\d{4}-\d{2}", cleaned, re.ASCII):  # 2025-07, a month as ledgers write it
        cleaned = cleaned.replace("-", "M")
    cleaned = cleaned.replace("-", "")
    match = PERIOD_PATTERN.match(cleaned)
    if not match or (match["kind"] == "T" and match["part"] == "4"):
        raise ValueError(BAD_PERIOD.format(text=text))
    first, last = year_range()
    if not first <= int(match["year"]) <= last:
        raise ValueError(OUT_OF_RANGE.format(text=text, first=first, last=last))
    return cleaned


def period_year(period: str) -> int:
    return int(period[:4])


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period: a year, a quarter (Q1–Q4), a tertial (T1–T3) or a
    month (M01–M12)."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if period[4] == "M":
        first_month = last_month = int(period[5:7])
    else:
        months = 3 if period[4] == "Q" else 4
        first_month = (int(period[5]) - 1) * months + 1
        last_month = first_month + months - 1
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def previous_period(period: str) -> str:
    """The period before: 2025Q1 → 2024Q4, 2025T1 → 2024T3, 2025M01 → 2024M12, 2025 → 2024."""
    year = int(period[:4])
    if len(period) == 4:
        return str(year - 1)
    if period[4] == "M":
        month = int(period[5:7])
        return f"{year}M{month - 1:02d}" if month > 1 else f"{year - 1}M12"
    kind, part = period[4], int(period[5])
    if part > 1:
        return f"{year}{kind}{part - 1}"
    return f"{year - 1}{kind}{4 if kind == 'Q' else 3}"


def period_label(period: str) -> str:
    """Swedish label: "2025", "kvartal 3 2025", "tertial 2 2025", "juli 2025"."""
    if len(period) == 4:
        return period
    if period[4] == "M":
        return f"{MONTHS[int(period[5:7]) - 1]} {period[:4]}"
    kind = "kvartal" if period[4] == "Q" else "tertial"
    return f"{kind} {period[5]} {period[:4]}"


def months_in(period: str) -> list[str]:
    """The months of a quarter, tertial or year: 2025Q3 → [2025M07, 2025M08, 2025M09]."""
    first, last = period_bounds(period)
    return [f"{first.year}M{month:02d}" for month in range(first.month, last.month + 1)]


def period_kind(period: str) -> str:
    """ "" for a year, else "Q", "T" or "M"."""
    return period[4:5]
