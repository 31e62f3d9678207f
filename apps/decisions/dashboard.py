"""The committee's EVB dashboard: per quarter, waiting times, thresholds, the IVO window.

Politicians see it too, so every count — in the table, in the charts and in the chart data
sent to the browser — goes through the one small-count rule (apps.core.small_counts);
only the rapportör's own view (`exact`) shows 1 and 2.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from apps.core.small_counts import is_suppressed, shown_total, small_count
from apps.dashboards.charts import Figure, stacked_quarters, waiting_bands
from apps.decisions.outputs import (
    BANDS,
    SECTION_ORDER,
    band,
    fee_range,
    ivo_sent_keys,
    ivo_window,
)
from apps.decisions.quarters import Quarter, Section
from apps.decisions.selectors import ReportItem, history_counts, quarter_report
from apps.organisations.models import Committee

SHORT_LABELS = {
    Section.NEW: "Nya",
    Section.LATE: "Ej tidigare rapporterade",
    Section.CARRIED_OUT: "Verkställda",
    Section.CLOSED: "Avslutade",
    Section.STILL_OPEN: "Fortfarande ej verkställda",
}


@dataclass
class EvbDashboard:
    quarter: Quarter
    sections: list[tuple[str, str]]  # (key, Swedish heading) in table order
    counts: dict[str, dict[str, str]]  # law → section → count as shown
    over_months: dict[int, str]
    fee_ranges: dict[str, str]
    window: tuple[Any, Any]
    unsent: int
    late: int
    sent: Any
    charts: list[dict[str, Any]]


def evb_dashboard(
    committee: Committee, quarter: Quarter, *, exact: bool = False, quarters_back: int = 8
) -> EvbDashboard:
    quarters = [quarter]
    while len(quarters) < quarters_back:
        quarters.insert(0, quarters[0].previous)
    history = history_counts(committee, quarters)
    report = quarter_report(committee, quarter)
    open_items: list[ReportItem] = [
        item
        for section in (Section.NEW, Section.LATE, Section.STILL_OPEN)
        for item in report.sections[section]
        if item.status_datum is None
    ]
    labels = [str(q) for q in quarters]
    sections = [s for s in SECTION_ORDER if s != Section.LATE or report.sections[Section.LATE]]
    hidden_note = "" if exact else "; 1–2 visas som <3"
    charts: list[dict[str, Any]] = [
        {
            "id": f"evb-{law.lower()}",
            "data_id": f"evb-{law.lower()}-data",
            "figure": stacked_quarters(
                f"{law}: beslut per kvartal",
                labels,
                {s.value: [history[q][law][s] for q in quarters] for s in Section},
                exact=exact,
            ),
            "alt": f"Staplade staplar per kvartal för {law}: nya, verkställda, avslutade och "
            f"fortfarande ej verkställda. Samma siffror står i tabellen{hidden_note}.",
        }
        for law in ("SoL", "LSS")
    ]
    band_counts = Counter(band(item) for item in open_items)
    # Totals that could give a hidden band away by subtraction are shown as "minst N", and
    # the särskild-avgift line then names its ranges without counts.
    any_hidden = any(is_suppressed(band_counts[label]) for _, _, label in BANDS)
    figure: Figure = waiting_bands(
        [label for _, _, label in BANDS],
        [band_counts[label] for _, _, label in BANDS],
        exact=exact,
    )
    alt = f"Stapeldiagram: hur länge de ej verkställda besluten har väntat{hidden_note}."
    charts.append(
        {"id": "evb-waiting", "data_id": "evb-waiting-data", "figure": figure, "alt": alt}
    )
    sent_keys = ivo_sent_keys(committee, quarter)
    return EvbDashboard(
        quarter=quarter,
        sections=[(s.value, SHORT_LABELS[s]) for s in sections],
        counts={
            law: {
                s.value: small_count(len([i for i in report.sections[s] if i.lag == law]), exact)
                for s in sections
            }
            for law in ("SoL", "LSS")
        },
        over_months={
            months: shown_total(
                [band_counts[label] for low, _, label in BANDS if low >= months], exact
            )
            for months in (6, 9, 12)
        },
        fee_ranges={
            fee: small_count(count, True) if exact or not any_hidden else ""
            for fee, count in Counter(fee_range(item.startdatum) for item in open_items).items()
        },
        window=ivo_window(quarter),
        unsent=0 if report.sent else sum(1 for i in report.items() if i.key not in sent_keys),
        late=len(report.sections[Section.LATE]),
        sent=report.sent,
        charts=charts,
    )
