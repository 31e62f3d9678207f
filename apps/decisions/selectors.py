"""Reads of the decision register: every output asks quarter_status and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

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


def quarter_report(committee: Committee, quarter: Quarter, law: str | None = None) -> QuarterReport:
    """The four sections of a quarter's report, each sorted by decision date and referens.

    The dates alone decide which decisions are in it; only those are loaded in full.
    Decisions that stopped (carried out, resumed, closed) before the quarter began can
    never be in it (quarter_status steps 3 and 5), so the database leaves them out first.
    """
    decisions = Decision.objects.filter(committee=committee, decided__lte=quarter.end).exclude(
        Q(closed__lt=quarter.start)
        | Q(interrupted__isnull=True, carried_out__lt=quarter.start)
        | Q(interrupted__isnull=False, resumed__lt=quarter.start)
    )
    if law:
        decisions = decisions.filter(law=law)
    statuses: dict[int, QuarterStatus] = {}
    for pk, decided, carried_out, closed, interrupted, resumed in decisions.values_list(
        "pk", "decided", "carried_out", "closed", "interrupted", "resumed"
    ):
        status = quarter_status(
            DecisionDates(decided, carried_out, closed, interrupted, resumed), quarter
        )
        if status is not None:
            statuses[pk] = status
    reported = Decision.objects.filter(pk__in=statuses).order_by("decided", "reference")
    sections: dict[Section, list[ReportItem]] = {section: [] for section in Section}
    for values in reported.values("pk", *REPORT_FIELDS):
        decision = DecisionRow(**values)
        status = statuses[decision.pk]
        sections[status.section].append(ReportItem(decision, status))
    return QuarterReport(committee, quarter, law, sections)
