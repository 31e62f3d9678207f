"""The quarter computation for ej verkställda beslut (EVB.md), as one pure function.

Every output (the IVO list, the auditors' list, the statistics to kommunfullmäktige, the
nämnd's report, the dashboard) asks `quarter_status` and nothing else.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

QUARTER = re.compile(r"^(\d{4})\s*[QK]([1-4])$", re.IGNORECASE)
BAD_QUARTER = "'{text}' är inget kvartal (skriv t.ex. 2025Q4)."


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER.match(text.strip())
        if not match:
            raise ValueError(BAD_QUARTER.format(text=text))
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


class Section(StrEnum):
    NEW = "ny"
    CARRIED_OUT = "verkstallda"
    CLOSED = "avslutade"
    STILL_OPEN = "fortfarande_ej_verkstallda"


@dataclass(frozen=True)
class DecisionDates:
    """What the computation needs of a decision (or of an interruption of one)."""

    decided: date
    carried_out: date | None = None
    closed: date | None = None
    interrupted: date | None = None
    resumed: date | None = None


@dataclass(frozen=True)
class QuarterStatus:
    section: Section
    status_date: date | None  # carried out (or resumed) or closed, when it happened by Q's end
    days: int
    deadline: date
    closed: bool = False


def add_three_months(start: date) -> date:
    """start + 3 calendar months; a day that does not exist becomes the month's last day."""
    month = start.month + 3
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def quarter_status(decision: DecisionDates, quarter: Quarter) -> QuarterStatus | None:
    """Where a decision belongs in the report for `quarter`, or None if it is not in it.

    1. The clock starts at the decision date, or — for an interruption of a carried-out
       insats — at the interruption; it stops when the insats is carried out (or resumed)
       or the decision is closed, whichever comes first.
    2. deadline = start + 3 calendar months, clipped to the month's last day
       (2024-11-30 → 2025-02-28; 2023-11-30 → 2024-02-29).
    3. Stopped on or before the deadline: carried out in time, never reported.
    4. Otherwise the decision is reportable and new (NY) in the quarter that contains the
       deadline — always the quarter after the decision's own. It stays in that quarter's
       new list even if it is carried out or closed later in the same quarter (with the date).
    5. In a later quarter it is, exactly one of: carried out during the quarter
       (verkställda), closed without being carried out during it (avslutade), still open at
       the quarter's end (fortfarande ej verkställda) — or nothing, if it stopped before the
       quarter began.
    6. An event after the quarter's end is not known to that quarter's report.
    7. Days waited = from the start to the stop date, or to the quarter's end while open.
    """
    interruption = decision.interrupted is not None
    start = decision.interrupted if interruption else decision.decided
    assert start is not None
    done = decision.resumed if interruption else decision.carried_out
    stops = [(day, False) for day in [done] if day] + [
        (day, True) for day in [decision.closed] if day
    ]
    stop, closed = min(stops) if stops else (None, False)
    deadline = add_three_months(start)
    if stop is not None and stop <= deadline:
        return None
    new_in = Quarter.containing(deadline)
    if new_in > quarter:
        return None
    known_stop = stop if stop is not None and stop <= quarter.end else None
    days = ((known_stop or quarter.end) - start).days
    if new_in == quarter:
        return QuarterStatus(Section.NEW, known_stop, days, deadline, closed and bool(known_stop))
    if known_stop is None:
        return QuarterStatus(Section.STILL_OPEN, None, days, deadline)
    if known_stop < quarter.start:
        return None
    section = Section.CLOSED if closed else Section.CARRIED_OUT
    return QuarterStatus(section, known_stop, days, deadline, closed)
