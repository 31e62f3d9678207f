"""Reads of the decision register: every output asks quarter_status and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from apps.decisions.models import Decision
from apps.decisions.quarters import (
    DecisionDates,
    Quarter,
    QuarterStatus,
    Section,
    quarter_status,
)
from apps.organisations.models import Committee


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """The fields a report shows of a decision (plain data: reports can hold thousands)."""

    pk: int
    committee_id: int
    reference: str
    law: str
    legal_basis: str
    service: str
    decided: date
    gender: str
    birth_year: int | None
    interrupted: date | None
    resumed: date | None
    carried_out: date | None
    closed: date | None
    close_reason: str
    reason: str
    reason_text: str
    measures: str


@dataclass(frozen=True)
class ReportItem:
    decision: DecisionRow
    status: QuarterStatus

    def as_dict(self) -> dict[str, Any]:
        return {
            "referens": self.decision.reference,
            "lag": self.decision.law,
            "insatstyp": self.decision.service,
            "beslutsdatum": self.decision.decided.isoformat(),
            "status_datum": self.status.status_date.isoformat()
            if self.status.status_date
            else None,
            "dagar": self.status.days,
        }


@dataclass(frozen=True)
class QuarterReport:
    committee: Committee
    quarter: Quarter
    law: str | None
    sections: dict[Section, list[ReportItem]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee.slug,
            "quarter": str(self.quarter),
            "lag": self.law,
            **{
                section.value: [item.as_dict() for item in items]
                for section, items in self.sections.items()
            },
        }

    def counts(self) -> dict[str, int]:
        return {section.value: len(items) for section, items in self.sections.items()}


REPORT_FIELDS = [
    "committee_id", "reference", "law", "legal_basis", "service", "decided", "gender",
    "birth_year", "interrupted", "resumed", "carried_out", "closed", "close_reason", "reason",
    "reason_text", "measures",
]  # fmt: skip


def candidates(
    committee: Committee, quarter: Quarter, law: str | None = None
) -> QuerySet[Decision]:
    """The decisions that may be in the quarter's report, so that the database leaves the
    others out first (quarter_status still decides):
    - decided by the quarter's end;
    - not stopped (carried out, resumed, closed) before it began (steps 3 and 5);
    - without an interruption, decided by the previous quarter's end: three months after
      a later day fall after this quarter (step 4; 30 Sep + 3 months = 30 Dec).
    """
    decisions = Decision.objects.filter(committee=committee, decided__lte=quarter.end).exclude(
        Q(closed__lt=quarter.start)
        | Q(interrupted__isnull=True, carried_out__lt=quarter.start)
        | Q(interrupted__isnull=False, resumed__lt=quarter.start)
        | Q(interrupted__isnull=True, decided__gt=quarter.previous.end)
    )
    return decisions.filter(law=law) if law else decisions


def quarter_counts(committee: Committee, quarter: Quarter) -> dict[str, dict[Section, int]]:
    """How many decisions per lag are in each section of the quarter's report — one query
    of dates only (the overview's summary)."""
    counts = {law: dict.fromkeys(Section, 0) for law in ("SoL", "LSS")}
    for law, decided, carried_out, closed, interrupted, resumed in candidates(
        committee, quarter
    ).values_list("law", "decided", "carried_out", "closed", "interrupted", "resumed"):
        dates = DecisionDates(decided, carried_out, closed, interrupted, resumed)
        status = quarter_status(dates, quarter)
        if status is not None:
            counts[law][status.section] += 1
    return counts


def quarter_report(committee: Committee, quarter: Quarter, law: str | None = None) -> QuarterReport:
    """The four sections of a quarter's report, each sorted by decision date and referens.

    One query: the candidates (see `candidates`) in order, then the pure quarter_status
    decides for each whether and where it is in the report.
    """
    sections: dict[Section, list[ReportItem]] = {section: [] for section in Section}
    ordered = candidates(committee, quarter, law).order_by("decided", "reference")
    for values in ordered.values("pk", *REPORT_FIELDS):
        decision = DecisionRow(**values)
        status = quarter_status(
            DecisionDates(
                decision.decided,
                decision.carried_out,
                decision.closed,
                decision.interrupted,
                decision.resumed,
            ),
            quarter,
        )
        if status is not None:
            sections[status.section].append(ReportItem(decision, status))
    return QuarterReport(committee, quarter, law, sections)
