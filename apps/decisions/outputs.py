"""The four quarterly outputs (docs/evb.md, "De fyra rapporterna"), as one registry.

Each output has a title, Swedish column headings (also the keys of its rows), a function
from a quarter's report to rows, and the recipient that a view or export of it is logged
for. The views and `evb_report` both use `OUTPUTS`; page, PDF, CSV and XLSX carry the same
columns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Any

from django.conf import settings
from django.utils import timezone

from apps.core.pdf_lists import ListDocument
from apps.core.small_counts import SUPPRESSED, is_suppressed, shown_count
from apps.decisions.models import LSS_SERVICES, SOL_SERVICES, Area, Decision, Offer, ReportLog
from apps.decisions.quarters import EpisodeKind, Quarter, Section
from apps.decisions.selectors import QuarterReport, ReportItem, quarter_report
from apps.organisations.models import Committee

SECTION_LABELS = {
    Section.NEW: "Nya, ej verkställda inom tre månader",
    Section.LATE: "Ej tidigare rapporterade – rapporteras nu",
    Section.CARRIED_OUT: "Tidigare rapporterade, nu verkställda",
    Section.CLOSED: "Tidigare rapporterade, avslutade utan verkställighet",
    Section.STILL_OPEN: "Tidigare rapporterade, fortfarande ej verkställda",
}
SECTION_ORDER = [
    Section.NEW,
    Section.LATE,
    Section.CARRIED_OUT,
    Section.CLOSED,
    Section.STILL_OPEN,
]
BANDS = [
    (3, 6, "3–6 månader"),
    (6, 9, "6–9 månader"),
    (9, 12, "9–12 månader"),
    (12, 10_000, "över 12 månader"),
]
FEE_BEFORE_2026 = "10 000–1 000 000 kr"
FEE_FROM_2026 = "15 000–1 500 000 kr"
NEW_SOL_FROM = date(2025, 7, 1)

# Labels looked up once: get_FOO_display() rebuilds its choices on every call.
SERVICE_LABELS = dict(SOL_SERVICES + LSS_SERVICES)
GENDER_LABELS = dict(Decision.Gender.choices)
REASON_LABELS = dict(Decision.Reason.choices)
CLOSE_LABELS = dict(Decision.CloseReason.choices)
ANSWER_LABELS = dict(Offer.Answer.choices)
AREA_LABELS = dict(Area.choices)
KIND_LABELS = {EpisodeKind.DECISION: "beslut", EpisodeKind.INTERRUPTION: "avbrott"}


def print_line(committee: Committee, quarter: Quarter) -> str:
    """The line every printed output carries: committee, municipality, quarter, date."""
    return (
        f"{committee.name}, {committee.municipality.name} · {quarter.label} · "
        f"utskrivet {timezone.localdate():%Y-%m-%d}"
    )


def ivo_window(quarter: Quarter) -> tuple[date, date]:
    """IVO's reporting window for a quarter (settings.EVB_IVO_WINDOWS, months after it)."""
    first, last = settings.EVB_IVO_WINDOWS[quarter.number]
    year = quarter.year + (1 if quarter.number == 4 else 0)
    return date(year, *first), date(year, *last)


def months_waited(item: ReportItem) -> float:
    return item.dagar / 30.44


def band(item: ReportItem) -> str:
    months = months_waited(item)
    for low, high, label in BANDS:
        if low <= months < high:
            return label
    return BANDS[0][2]


def fee_range(start: date) -> str:
    """The särskild avgift IVO may ask the court for, by when the episode began."""
    return FEE_FROM_2026 if start >= date(2026, 1, 1) else FEE_BEFORE_2026


def legal_ground(law: str, quarter: Quarter) -> str:
    """The lagrum the report rests on, as in force on the quarter's last day."""
    if law == "LSS":
        return "28 f § LSS"
    if quarter.end < NEW_SOL_FROM:
        return "16 kap. 6 f § SoL (2001:453)"
    return "34 kap. 1 § SoL (2025:400)"


def status_text(item: ReportItem) -> str:
    done = "återupptagen" if item.typ == EpisodeKind.INTERRUPTION else "verkställd"
    ended = ("avslutad" if item.avslutad else done) if item.status_datum else ""
    if item.section in (Section.NEW, Section.LATE):
        new = "ny" if item.section == Section.NEW else "ny – ej tidigare rapporterad"
        return f"{new}, {ended}" if ended else new
    if item.section == Section.STILL_OPEN:
        return "fortfarande ej verkställd"
    return ended


def two_years_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def ordered(report: QuarterReport) -> list[ReportItem]:
    """Grouped by lag (SoL, then LSS), then by section, each in start-date order."""
    return [
        item
        for law in ("SoL", "LSS")
        for section in SECTION_ORDER
        for item in report.sections[section]
        if item.lag == law
    ]


def group_of(item: ReportItem) -> str:
    return f"{item.lag} – {SECTION_LABELS[item.section]}"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: str) -> str | None:
    """An empty text is an empty cell (None): nothing to write in the long lists."""
    return value or None


# -- 1. IVO ---------------------------------------------------------------------------------

IVO_COLUMNS = [
    "Kommun", "Nämnd", "Referens", "Kön", "Födelseår", "Verksamhetsområde", "Lag", "Lagrum",
    "Insatstyp", "Specifikation", "Rapporttyp", "Beslutsdatum", "Avbrottsdatum", "Status",
    "Statusdatum", "Avslutsorsak", "Erbjudanden", "Skäl", "Åtgärder", "Dagar sedan start",
    "Dagar sedan beslut", "Preskription", "Särskild avgift",
]  # fmt: skip


def ivo_rows(report: QuarterReport, exact: bool = True) -> list[dict[str, Any]]:
    """Per episode, the fields of IVO's e-service in its order."""
    committee, quarter = report.committee, report.quarter
    rows = []
    for item in ordered(report):
        offers = "; ".join(
            f"{day} {what} ({ANSWER_LABELS.get(answer, answer).lower()})"
            for day, what, answer in item.erbjudanden
        )
        rows.append(
            {
                "Kommun": committee.municipality.name,
                "Nämnd": committee.name,
                "Referens": item.referens,
                "Kön": GENDER_LABELS.get(item.kon, item.kon),
                "Födelseår": item.fodelsear,
                "Verksamhetsområde": AREA_LABELS.get(item.verksamhetsomrade),
                "Lag": item.lag,
                "Lagrum": legal_ground(item.lag, quarter),
                "Insatstyp": SERVICE_LABELS.get(item.insatstyp, item.insatstyp),
                "Specifikation": _text(item.specifikation),
                "Rapporttyp": KIND_LABELS[item.typ],
                "Beslutsdatum": _day(item.beslutsdatum),
                "Avbrottsdatum": _day(item.avbrottsdatum),
                "Status": status_text(item),
                "Statusdatum": _day(item.status_datum),
                "Avslutsorsak": CLOSE_LABELS.get(item.avslutsorsak),
                "Erbjudanden": _text(offers),
                "Skäl": item.skal_text or REASON_LABELS.get(item.skal),
                "Åtgärder": _text(item.atgarder),
                "Dagar sedan start": item.dagar,
                "Dagar sedan beslut": item.dagar_sedan_beslut,
                "Preskription": _day(two_years_on(item.startdatum)),
                "Särskild avgift": fee_range(item.startdatum),
                "_key": item.key,
                "_group": group_of(item),
            }
        )
    return rows


# -- 2. Revisorerna -------------------------------------------------------------------------

AUDITOR_COLUMNS = [
    "Löpnummer", "Lag", "Insatstyp", "Rapporttyp", "Beslutsdatum", "Avbrottsdatum", "Status",
    "Statusdatum", "Dagar", "Skäl",
]  # fmt: skip


def auditors_rows(report: QuarterReport, exact: bool = True) -> list[dict[str, Any]]:
    """Per episode, no identity: the löpnummer it was given once, never the referens."""
    return [
        {
            "Löpnummer": item.lopnummer,
            "Lag": item.lag,
            "Insatstyp": SERVICE_LABELS.get(item.insatstyp, item.insatstyp),
            "Rapporttyp": KIND_LABELS[item.typ],
            "Beslutsdatum": _day(item.beslutsdatum),
            "Avbrottsdatum": _day(item.avbrottsdatum),
            "Status": status_text(item),
            "Statusdatum": _day(item.status_datum),
            "Dagar": item.dagar,
            "Skäl": REASON_LABELS.get(item.skal),
            "_group": group_of(item),
        }
        for item in ordered(report)
    ]


# -- 3. Kommunfullmäktige -------------------------------------------------------------------

KF_COLUMNS = [
    "Lag", "Avsnitt", "Verksamhetsområde", "Insatstyp", "Rapporttyp", "Antal", "Kvinnor",
    "Män", "Annat/ej angivet", "Dagar sedan beslut (medel)", "Dagar sedan avbrott (medel)",
]  # fmt: skip
GENDER_COLUMNS = {"K": "Kvinnor", "M": "Män", "X": "Annat/ej angivet"}


def kf_rows(report: QuarterReport, exact: bool = True) -> list[dict[str, Any]]:
    """The statistics report as Ale prints it: per lag the sections, grouped by
    verksamhetsområde and insatstyp, avbrott counted apart; days since the beslut (the
    law's wording) and since the avbrott. Split by kön only where no cell is 1–2."""
    groups: dict[tuple[str, Section, str, str, EpisodeKind], list[ReportItem]] = defaultdict(list)
    for item in ordered(report):
        area = AREA_LABELS.get(item.verksamhetsomrade, "")
        service = SERVICE_LABELS.get(item.insatstyp, item.insatstyp)
        groups[(item.lag, item.section, area, service, item.typ)].append(item)
    rows = []
    for (law, section, area, service, kind), items in groups.items():
        genders = Counter(item.kon for item in items)
        hide = any(is_suppressed(genders[code]) for code in GENDER_COLUMNS)
        row: dict[str, Any] = {
            "Lag": law,
            "Avsnitt": SECTION_LABELS[section],
            "Verksamhetsområde": area,
            "Insatstyp": service,
            "Rapporttyp": KIND_LABELS[kind],
            "Antal": len(items),
            "Dagar sedan beslut (medel)": round(mean(i.dagar_sedan_beslut for i in items)),
            "Dagar sedan avbrott (medel)": round(mean(i.dagar for i in items))
            if kind == EpisodeKind.INTERRUPTION
            else None,
        }
        for code, column in GENDER_COLUMNS.items():
            count = genders[code]
            row[column] = (SUPPRESSED if count < 3 else "–") if hide else count
        rows.append(row)
    return rows


# -- 4. Nämnden ------------------------------------------------------------------------------

COMMITTEE_COLUMNS = [
    "Lag", "Avsnitt", "Insatstyp", "Antal", "Förra kvartalet", "Förändring",
    "Väntat i snitt (dagar)",
]  # fmt: skip


def committee_rows(report: QuarterReport, exact: bool = False) -> list[dict[str, Any]]:
    """The sections per lag with the change since the previous quarter, split by insatstyp
    only where no cell of the split (this quarter or the previous) is 1–2 — the same rule
    as for kön in the statistics report, so that no hidden count can be worked out by
    subtracting the others from the total. For the nämnd (politicians): 1–2 are "<3"."""
    previous = quarter_report(report.committee, report.quarter.previous, report.law)
    rows = []
    for law in ("SoL", "LSS"):
        for section in SECTION_ORDER:
            now = [i for i in report.sections[section] if i.lag == law]
            before = [i for i in previous.sections[section] if i.lag == law]
            if section == Section.LATE and not now and not before:
                continue
            services = sorted({i.insatstyp for i in now} | {i.insatstyp for i in before})
            split = [
                ([i for i in now if i.insatstyp == s], [i for i in before if i.insatstyp == s])
                for s in services
            ]
            can_split = exact or not any(
                is_suppressed(len(a)) or is_suppressed(len(b)) for a, b in split
            )
            groups = [("Alla", now, before)]
            if can_split and len(services) > 1:
                groups += [
                    (SERVICE_LABELS[service], a, b)
                    for service, (a, b) in zip(services, split, strict=True)
                ]
            for label, current, earlier in groups:
                rows.append(_committee_row(law, section, label, current, earlier, exact))
    return rows


def _committee_row(
    law: str,
    section: Section,
    label: str,
    current: list[ReportItem],
    earlier: list[ReportItem],
    exact: bool,
) -> dict[str, Any]:
    hidden = not exact and (is_suppressed(len(current)) or is_suppressed(len(earlier)))
    return {
        "Lag": law,
        "Avsnitt": SECTION_LABELS[section],
        "Insatstyp": label,
        "Antal": shown_count(len(current), exact),
        "Förra kvartalet": shown_count(len(earlier), exact),
        "Förändring": None if hidden else len(current) - len(earlier),
        "Väntat i snitt (dagar)": round(mean(i.dagar for i in current))
        if current and (exact or len(current) >= 3)
        else None,
    }


@dataclass(frozen=True)
class Output:
    kind: str
    title: str
    recipient: str  # ReportLog.Recipient: every view and export is logged for it
    columns: list[str]
    rows: Callable[[QuarterReport, bool], list[dict[str, Any]]]
    identity: bool  # carries referens, reasons or measures: the rapportör's only


OUTPUTS: dict[str, Output] = {
    "ivo": Output("ivo", "Lista till IVO", ReportLog.Recipient.IVO, IVO_COLUMNS, ivo_rows, True),
    "revisorer": Output(
        "revisorer",
        "Lista till revisorerna",
        ReportLog.Recipient.AUDITORS,
        AUDITOR_COLUMNS,
        auditors_rows,
        False,
    ),
    "kf": Output(
        "kf",
        "Statistikrapport till kommunfullmäktige",
        ReportLog.Recipient.KF,
        KF_COLUMNS,
        kf_rows,
        False,
    ),
    "namnd": Output(
        "namnd",
        "Kvartalsrapport till nämnden",
        ReportLog.Recipient.COMMITTEE,
        COMMITTEE_COLUMNS,
        committee_rows,
        False,
    ),
}


def output_rows(output: Output, report: QuarterReport) -> list[dict[str, Any]]:
    return output.rows(report, output.identity)


def ivo_sent_keys(committee: Committee, quarter: Quarter) -> set[str]:
    """The episodes ticked as entered in IVO's e-service for the quarter."""
    keys = set()
    for decision_id, interruption_id in ReportLog.objects.filter(
        committee=committee,
        quarter=str(quarter),
        recipient=ReportLog.Recipient.IVO,
        channel__in=[ReportLog.Channel.E_SERVICE, ReportLog.Channel.FORM],
        decision__isnull=False,
    ).values_list("decision_id", "interruption_id"):
        keys.add(f"avbrott-{interruption_id}" if interruption_id else f"beslut-{decision_id}")
    return keys


def output_document(
    spec: Output, report: QuarterReport, rows: list[dict[str, Any]]
) -> ListDocument:
    """The output as a list PDF: a table, or for the wide IVO list one labelled block per
    episode with the same columns."""
    subtitle = print_line(report.committee, report.quarter)
    if report.sent:
        subtitle += f" · skickad till IVO {report.sent.day} av {report.sent.by or '–'}"
    if spec.kind == "ivo":
        blocks, group = [], None
        for row in rows:
            if row["_group"] != group:
                group = row["_group"]
                blocks.append(f"— {group} —")
            blocks.append(
                " · ".join(
                    f"{column}: {row[column]}"
                    for column in spec.columns
                    if row[column] not in ("", None)
                )
            )
        return ListDocument(title=spec.title, subtitle=subtitle, blocks=blocks)
    return ListDocument(
        title=spec.title,
        subtitle=subtitle,
        columns=spec.columns,
        rows=[["" if row[c] is None else str(row[c]) for c in spec.columns] for row in rows],
    )
