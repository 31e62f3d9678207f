"""Periods of figures: a year ("2024") or a part of one ("2024Q3", "2024T2", "2024M07")."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
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


@functools.lru_cache(maxsize=4096)
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


# -- the report period: what a page, the overview or the committee report is "as of" ---------

KIND_NAMES = {"": "år (bokslut)", "T": "delår (tertial)", "M": "delår (månad)", "Q": "kvartal"}


@dataclass(frozen=True)
class ReportPeriod:
    """The period a page reports on, carried in the address as ?period=: a year (bokslut,
    "2024"), a delår (a tertial "2025T2" or a month "2025M08") or a quarter ("2025Q3").

    A page shows, for each kind of figure, the latest figure whose own period has ended by
    the report period's last day, and names that figure's period; the ej verkställda
    quarter is the quarter containing that day; the budget runs up to that month.
    """

    code: str

    @classmethod
    def parse(cls, text: str | int) -> ReportPeriod:
        """ "2024", "2025T2", "2025M08", "2025Q3" (also "2025K3", "2025-08"); a ValueError
        with a Swedish message for anything else."""
        return cls(normalise_period(text))

    @classmethod
    def latest_of(cls, periods: Iterable[str]) -> ReportPeriod | None:
        """The period ending last; of periods ending the same day, the longest (2024 before
        2024Q4 and 2024M12: a year's last day is its bokslut)."""
        found = [normalise_period(p) for p in periods if p]
        if not found:
            return None
        return cls(max(found, key=lambda p: (period_bounds(p)[1], -len(p))))

    def __str__(self) -> str:
        return self.code

    @property
    def year(self) -> int:
        return period_year(self.code)

    @property
    def kind(self) -> str:
        """ "" for a year, else "Q", "T" or "M"."""
        return period_kind(self.code)

    @functools.cached_property
    def start(self) -> date:
        return period_bounds(self.code)[0]

    @functools.cached_property
    def end(self) -> date:
        return period_bounds(self.code)[1]

    @property
    def end_month(self) -> int:
        """The budget runs up to this month of `year` (12 for a year)."""
        return self.end.month

    @property
    def quarter_code(self) -> str:
        """The ej verkställda quarter of the period: the one containing its last day."""
        return f"{self.year}Q{(self.end.month - 1) // 3 + 1}"

    @property
    def label(self) -> str:
        """How headings name it: "bokslut 2024", "delår t.o.m. augusti 2025 (tertial 2)",
        "delår t.o.m. augusti 2025", "kvartal 3 2025"."""
        if self.kind == "":
            return f"bokslut {self.year}"
        until = f"t.o.m. {MONTHS[self.end.month - 1]} {self.year}"
        if self.kind == "T":
            return f"delår {until} (tertial {self.code[5]})"
        if self.kind == "M":
            return f"delår {until}"
        return period_label(self.code)

    @property
    def heading(self) -> str:
        """The label with a capital: "Bokslut 2024"."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def query(self) -> str:
        """The address's part: "period=2025T2"."""
        return f"period={self.code}"

    def covers(self, period: str) -> bool:
        """Whether a figure of `period` is shown as of this report period: its period has
        ended by this one's last day (2024 and 2025Q2 for 2025T2, not 2025 or 2025Q3)."""
        return period_bounds(period)[1] <= self.end

    def has_begun(self, today: date | None = None) -> bool:
        return self.start <= (today or timezone.localdate())


def report_period_choices(
    latest_year: int, years: int = 5, today: date | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods a picker offers, newest year first, each year as a group: the bokslut,
    the two delår tertials, the quarters and the months to November (periods that have
    not begun are left out)."""
    today = today or timezone.localdate()
    groups = []
    for year in range(latest_year, latest_year - years, -1):
        codes = [str(year), f"{year}T1", f"{year}T2"]
        codes += [f"{year}Q{q}" for q in range(1, 5)]
        codes += [f"{year}M{m:02d}" for m in range(1, 12)]  # December's end is the bokslut
        periods = [ReportPeriod(code) for code in codes]
        options = [(p.code, p.heading) for p in periods if p.has_begun(today)]
        if options:
            groups.append((str(year), options))
    return groups
