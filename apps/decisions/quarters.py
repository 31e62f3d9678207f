"""The quarter computation for ej verkställda beslut, as pure functions (docs/evb.md).

A decision has waiting *episodes*: one from its beslutsdatum (ended when it is verkställd or
avslutad) and one more for each avbrott (from the avbrottsdatum, ended when the insats is
återupptagen or the decision avslutad). Every output (the IVO list, the auditors' list, the
statistics to kommunfullmäktige, the nämnd's report, the dashboard) asks `quarter_status`
about each episode and nothing else.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

QUARTER = re.compile(r"^(\d{4})\s*[QK]([1-4])$", re.IGNORECASE)
BAD_QUARTER = "'{text}' är inget kvartal (skriv t.ex. 2025Q4)."
OUT_OF_RANGE = "Kvartalet {text} ligger utanför {first}–{last}."
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2025Q4' (or 2025K4, 2025 q4) → Quarter(2025, 4); a ValueError with a Swedish
        message for anything else, including years outside 1990–2100."""
        match = QUARTER.match(text.strip())
        if not match:
            raise ValueError(BAD_QUARTER.format(text=text))
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(OUT_OF_RANGE.format(text=text, first=FIRST_YEAR, last=LAST_YEAR))
        return cls(year, int(match[2]))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @cached_property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @cached_property
    def end(self) -> date:
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """What a person reads: "kvartal 3 2026" (the code, 2026Q3, stays in addresses)."""
        return f"kvartal {self.number} {self.year}"


class Section(StrEnum):
    NEW = "ny"
    CARRIED_OUT = "verkstallda"
    CLOSED = "avslutade"
    STILL_OPEN = "fortfarande_ej_verkstallda"
    LATE = "ej_tidigare_rapporterade"


SECTION_NAMES = {
    Section.NEW: "ny",
    Section.LATE: "ej tidigare rapporterad",
    Section.CARRIED_OUT: "verkställd",
    Section.CLOSED: "avslutad",
    Section.STILL_OPEN: "fortfarande ej verkställd",
}


class EpisodeKind(StrEnum):
    DECISION = "beslut"
    INTERRUPTION = "avbrott"


@dataclass(frozen=True, slots=True)
class Episode:
    """What the computation needs of one waiting episode.

    `start` is the beslutsdatum (or the avbrottsdatum); `done` the day it was verkställd (or
    återupptagen); `closed` the day the decision was avslutad without that.
    """

    start: date
    done: date | None = None
    closed: date | None = None

    @property
    def stop(self) -> tuple[date, bool] | None:
        """(the day the episode ended, whether it ended by being closed), or None."""
        stops = [(day, False) for day in [self.done] if day] + [
            (day, True) for day in [self.closed] if day and day >= self.start
        ]
        return min(stops) if stops else None


@dataclass(frozen=True, slots=True)
class QuarterStatus:
    section: Section
    status_date: date | None  # verkställd (återupptagen) or avslutad, if it happened by Q's end
    days: int
    deadline: date
    closed: bool = False


def add_three_months(start: date) -> date:
    """start + 3 calendar months; a day that does not exist becomes the month's last day."""
    month = start.month + 3
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def reportable_from(episode: Episode) -> date | None:
    """The first day the episode must be reported, or None if it ended in time.

    deadline = start + 3 calendar months (clipped to the month's last day). An episode that
    ended on or before the deadline was handled in time; any other is reportable from the
    day after the deadline ("minst tre månader + 1 dag")."""
    deadline = add_three_months(episode.start)
    stop = episode.stop
    if stop is not None and stop[0] <= deadline:
        return None
    return deadline + timedelta(days=1)


def new_quarter(episode: Episode) -> Quarter | None:
    """The quarter in which the episode is reported new (NY), or None if never."""
    first_day = reportable_from(episode)
    return Quarter.containing(first_day) if first_day else None


def quarter_status(
    episode: Episode,
    quarter: Quarter,
    *,
    reported_in: Quarter | None = None,
    sent_from: Quarter | None = None,
) -> QuarterStatus | None:
    """Where an episode belongs in the report for `quarter`, or None if it is not in it.

    1. It is reportable from the day after its deadline and new (NY) in the quarter that
       holds that day (beslut 2025-03-31 → deadline 2025-06-30 → NY in 2025Q3). It stays in
       that quarter's new list even if it ends later in the same quarter (with the date).
    2. What was sent is what counts. `reported_in` is the quarter whose sent IVO report
       carried the episode as new (or as not reported earlier); `sent_from` is the
       committee's first sent quarter. Before `sent_from` (or with nothing ever sent), an
       episode counts as reported in the quarter its dates give. From `sent_from` on, an
       episode whose NY quarter passed without it being sent is in section
       `ej_tidigare_rapporterade` of every later quarter until it is sent.
    3. In a quarter after the one it was reported in, a reported episode is exactly one of:
       verkställda (ended by being carried out or resumed during the quarter), avslutade
       (closed during it), fortfarande ej verkställda (still open at its end) — or nothing,
       if it ended before the quarter began.
    4. An event after the quarter's end is not known to that quarter's report.
    5. Days waited = from the start to the stop date, or to the quarter's end while open.
    """
    facts = reportable(episode)
    if facts is None:
        return None
    return status_in(facts, quarter, reported_in=reported_in, sent_from=sent_from)


@dataclass(frozen=True, slots=True)
class Reportable:
    """What quarter_status works out once per episode, whatever the quarter: its start, the
    day after its deadline, its NY quarter and how it ended (if it did)."""

    start: date
    first_day: date
    new_in: Quarter
    stop: tuple[date, bool] | None


def reportable(episode: Episode) -> Reportable | None:
    """The episode's facts if it is ever reported, else None (it ended in time)."""
    first_day = reportable_from(episode)
    if first_day is None:
        return None
    return Reportable(episode.start, first_day, Quarter.containing(first_day), episode.stop)


def status_in(
    facts: Reportable,
    quarter: Quarter,
    *,
    reported_in: Quarter | None = None,
    sent_from: Quarter | None = None,
) -> QuarterStatus | None:
    """quarter_status for an episode's facts (steps 1–5 there); several quarters can be
    asked about one episode without working its facts out again."""
    new_in = facts.new_in
    if new_in > quarter:
        return None
    stop = facts.stop
    known = stop if stop is not None and stop[0] <= quarter.end else None
    status_date, closed = known if known else (None, False)
    days = ((status_date or quarter.end) - facts.start).days
    deadline = facts.first_day - timedelta(days=1)

    def status(section: Section) -> QuarterStatus:
        return QuarterStatus(section, status_date, days, deadline, closed)

    if reported_in is None and (sent_from is None or new_in < sent_from):
        reported_in = new_in  # the register before anything was marked sent: dates decide
    if reported_in is None or reported_in >= quarter:
        # not (yet) reported: new in its own quarter, late in every quarter after it
        return status(Section.NEW if new_in == quarter else Section.LATE)
    if status_date is None:
        return status(Section.STILL_OPEN)
    if status_date < quarter.start:
        return None
    return status(Section.CLOSED if closed else Section.CARRIED_OUT)
