"""The four quarterly outputs (EVB.md), all built on quarter_report / quarter_status."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from apps.decisions.models import LSS_SERVICES, SOL_SERVICES, Decision, Offer, ReportLog
from apps.decisions.quarters import Quarter, Section
from apps.decisions.selectors import DecisionRow, QuarterReport, ReportItem, quarter_report
from apps.organisations.models import Committee

SECTION_LABELS = {
    Section.NEW: "Nya, ej verkställda inom tre månader",
    Section.CARRIED_OUT: "Tidigare rapporterade, nu verkställda",
    Section.CLOSED: "Tidigare rapporterade, avslutade utan verkställighet",
    Section.STILL_OPEN: "Tidigare rapporterade, fortfarande ej verkställda",
}
BANDS = [
    (3, 6, "3–6 månader"),
    (6, 9, "6–9 månader"),
    (9, 12, "9–12 månader"),
    (12, 10_000, "över 12 månader"),
]
FEE_BEFORE_2026 = "10 000–1 000 000 kr"
FEE_FROM_2026 = "15 000–1 500 000 kr"


def print_line(committee: Committee, quarter: Quarter) -> str:
    """The line every printed output carries: committee, municipality, quarter, date."""
    return (
        f"{committee.name}, {committee.municipality.name} · kvartal {quarter} · "
        f"utskrivet {timezone.localdate():%Y-%m-%d}"
    )


def small_count(count: int) -> str:
    """Counts shown to politicians and the public: 1 or 2 become "<3"."""
    return "<3" if 0 < count < 3 else str(count)


def ivo_window(quarter: Quarter) -> tuple[date, date]:
    """IVO's reporting window for a quarter (settings.EVB_IVO_WINDOWS, months after it)."""
    first, last = settings.EVB_IVO_WINDOWS[quarter.number]
    year = quarter.year + (1 if quarter.number == 4 else 0)
    return date(year, *first), date(year, *last)


def months_waited(item: ReportItem) -> float:
    return item.status.days / 30.44


def band(item: ReportItem) -> str:
    months = months_waited(item)
    for low, high, label in BANDS:
        if low <= months < high:
            return label
    return BANDS[0][2]


def fee_range(decision: DecisionRow) -> str:
    return FEE_FROM_2026 if decision.decided >= date(2026, 1, 1) else FEE_BEFORE_2026


# Labels looked up once: get_FOO_display() rebuilds its choices on every call.
SERVICE_LABELS = dict(SOL_SERVICES + LSS_SERVICES)
GENDER_LABELS = dict(Decision.Gender.choices)
BASIS_LABELS = dict(Decision.LegalBasis.choices)
REASON_LABELS = dict(Decision.Reason.choices)
ANSWER_LABELS = dict(Offer.Answer.choices)


@dataclass(frozen=True)
class IvoEntry:
    item: ReportItem
    section_label: str
    sent: bool
    offers: str = ""

    @property
    def block(self) -> str:
        return ivo_block(self)


def ivo_list(committee: Committee, quarter: Quarter) -> list[IvoEntry]:
    """Every decision to report to IVO for the quarter, in e-service order, and whether it
    is logged as sent."""
    report = quarter_report(committee, quarter)
    sent = set(
        ReportLog.objects.filter(
            committee=committee,
            quarter=str(quarter),
            recipient=ReportLog.Recipient.IVO,
            channel__in=[ReportLog.Channel.E_SERVICE, ReportLog.Channel.FORM],
        ).values_list("decision_id", flat=True)
    )
    offers: dict[int, list[str]] = defaultdict(list)
    for decision_id, offered_on, what, answer in (
        Offer.objects.filter(decision__committee=committee)
        .values_list("decision_id", "offered_on", "what", "answer")
        .order_by("offered_on")
    ):
        offers[decision_id].append(
            f"{offered_on:%Y-%m-%d} {what} ({ANSWER_LABELS[answer].lower()})"
        )
    entries = []
    for section, items in report.sections.items():
        for item in items:
            pk = item.decision.pk
            entries.append(
                IvoEntry(item, SECTION_LABELS[section], pk in sent, "; ".join(offers.get(pk, [])))
            )
    return entries


def auditors_rows(committee: Committee, quarter: Quarter) -> list[dict[str, Any]]:
    """Per decision, no identity: a running number instead of the referens."""
    report = quarter_report(committee, quarter)
    rows = []
    for number, (section, item) in enumerate(
        ((s, i) for s, items in report.sections.items() for i in items), start=1
    ):
        decision = item.decision
        rows.append(
            {
                "lopnummer": number,
                "lag": decision.law,
                "insatstyp": SERVICE_LABELS[decision.service],
                "beslutsdatum": decision.decided.isoformat(),
                "dagar": item.status.days,
                "skal": REASON_LABELS.get(decision.reason, ""),
                "status": SECTION_LABELS[section],
                "verkstallt": item.status.status_date.isoformat()
                if item.status.status_date and not item.status.closed
                else "",
            }
        )
    return rows


AUDITOR_FIELDS = [
    "lopnummer",
    "lag",
    "insatstyp",
    "beslutsdatum",
    "dagar",
    "skal",
    "status",
    "verkstallt",
]


def kf_statistics(committee: Committee, quarter: Quarter) -> list[dict[str, Any]]:
    """Counts per lag × insatstyp × kön of the decisions not carried out (new and still
    open) with waiting-time bands; no references, no reasons."""
    report = quarter_report(committee, quarter)
    waiting = [*report.sections[Section.NEW], *report.sections[Section.STILL_OPEN]]
    counts: Counter[tuple[str, str, str, str]] = Counter(
        (
            i.decision.law,
            SERVICE_LABELS[i.decision.service],
            GENDER_LABELS[i.decision.gender],
            band(i),
        )
        for i in waiting
    )
    return [
        {"lag": law, "insatstyp": service, "kon": gender, "vantetid": waited, "antal": count}
        for (law, service, gender, waited), count in sorted(counts.items())
    ]


KF_FIELDS = ["lag", "insatstyp", "kon", "vantetid", "antal"]


@dataclass(frozen=True)
class CommitteeReport:
    """The nämnd's quarterly report: the four sections per lag, with the change since the
    previous quarter."""

    current: dict[str, QuarterReport]
    previous: dict[str, QuarterReport]

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for law in ("SoL", "LSS"):
            now, before = self.current[law].counts(), self.previous[law].counts()
            for section in Section:
                rows.append(
                    {
                        "lag": law,
                        "avsnitt": SECTION_LABELS[section],
                        "antal": now[section.value],
                        "forra_kvartalet": before[section.value],
                        "forandring": now[section.value] - before[section.value],
                    }
                )
        return rows


COMMITTEE_FIELDS = ["lag", "avsnitt", "antal", "forra_kvartalet", "forandring"]


def committee_report(committee: Committee, quarter: Quarter) -> CommitteeReport:
    return CommitteeReport(
        current={law: quarter_report(committee, quarter, law) for law in ("SoL", "LSS")},
        previous={law: quarter_report(committee, quarter.previous, law) for law in ("SoL", "LSS")},
    )


def ivo_block(entry: IvoEntry) -> str:
    """One decision as the e-service asks for it, as plain text."""
    decision, status = entry.item.decision, entry.item.status
    parts = [
        f"{decision.reference} – {entry.section_label}",
        f"{decision.law} ({BASIS_LABELS[decision.legal_basis]})",
        SERVICE_LABELS[decision.service],
        f"beslut {decision.decided:%Y-%m-%d}",
    ]
    if decision.interrupted:
        parts.append(f"avbrott {decision.interrupted:%Y-%m-%d}")
    if status.status_date:
        parts.append(
            f"{'avslutat' if status.closed else 'verkställt'} {status.status_date:%Y-%m-%d}"
        )
    parts.append(
        f"{GENDER_LABELS[decision.gender]}, född {decision.birth_year or '–'}, {status.days} dagar"
    )
    if entry.offers:
        parts.append(f"erbjudanden: {entry.offers}")
    if decision.reason_text:
        parts.append(f"skäl: {decision.reason_text}")
    if decision.measures:
        parts.append(f"åtgärder: {decision.measures}")
    return ". ".join(parts) + "."
