"""The committee's EVB dashboard: per quarter, waiting times, thresholds, the IVO window."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from apps.dashboards.charts import Figure, stacked_quarters, waiting_bands
from apps.decisions.models import Decision
from apps.decisions.outputs import BANDS, band, fee_range, ivo_list, ivo_window, months_waited
from apps.decisions.quarters import DecisionDates, Quarter, Section, quarter_status
from apps.decisions.selectors import ReportItem, quarter_report
from apps.organisations.models import Committee


@dataclass
class EvbDashboard:
    quarter: Quarter
    counts: dict[str, dict[str, int]]  # law → section → count
    over_months: dict[int, int]
    fee_ranges: dict[str, int]
    window: tuple[Any, Any]
    unsent: int
    charts: list[dict[str, Any]]


def evb_dashboard(committee: Committee, quarter: Quarter, quarters_back: int = 8) -> EvbDashboard:
    decisions = Decision.objects.filter(committee=committee, decided__lte=quarter.end).values_list(
        "law", "decided", "carried_out", "closed", "interrupted", "resumed"
    )
    quarters = [quarter]
    while len(quarters) < quarters_back:
        quarters.insert(0, quarters[0].previous)
    history: dict[str, dict[Section, list[int]]] = {
        law: {section: [0] * len(quarters) for section in Section} for law in ("SoL", "LSS")
    }
    for law, decided, carried_out, closed, interrupted, resumed in decisions:
        decision_dates = DecisionDates(decided, carried_out, closed, interrupted, resumed)
        for index, q in enumerate(quarters):
            status = quarter_status(decision_dates, q)
            if status is not None:
                history[law][status.section][index] += 1
    report = quarter_report(committee, quarter)
    open_items: list[ReportItem] = [
        *report.sections[Section.NEW],
        *report.sections[Section.STILL_OPEN],
    ]
    open_items = [item for item in open_items if item.status.status_date is None]
    labels = [str(q) for q in quarters]
    charts: list[dict[str, Any]] = [
        {
            "id": f"evb-{law.lower()}",
            "data_id": f"evb-{law.lower()}-data",
            "figure": stacked_quarters(
                f"{law}: beslut per kvartal", labels, {s.value: v for s, v in history[law].items()}
            ),
            "alt": f"Staplade staplar per kvartal för {law}: nya, verkställda, avslutade och "
            "fortfarande ej verkställda. Samma siffror står i tabellen.",
        }
        for law in ("SoL", "LSS")
    ]
    band_counts = Counter(band(item) for item in open_items)
    figure: Figure = waiting_bands(
        [label for _, _, label in BANDS], [band_counts[label] for _, _, label in BANDS]
    )
    alt = "Stapeldiagram: hur länge de ej verkställda besluten har väntat."
    charts.append(
        {"id": "evb-waiting", "data_id": "evb-waiting-data", "figure": figure, "alt": alt}
    )
    return EvbDashboard(
        quarter=quarter,
        counts={law: {s.value: history[law][s][-1] for s in Section} for law in ("SoL", "LSS")},
        over_months={m: sum(1 for i in open_items if months_waited(i) > m) for m in (6, 9, 12)},
        fee_ranges=dict(Counter(fee_range(item.decision) for item in open_items)),
        window=ivo_window(quarter),
        unsent=sum(1 for entry in ivo_list(committee, quarter) if not entry.sent),
        charts=charts,
    )
