"""The committee report as PDF (WeasyPrint): cover, goals with assessments and analysis,
the indicators with charts and tables, budget, ej verkställda — for the nämnd's agenda."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from apps.budget.selectors import budget_overview
from apps.core.pdf import render_pdf
from apps.dashboards import selectors
from apps.dashboards.charts import ChartLine
from apps.dashboards.print_charts import indicator_svg
from apps.organisations.models import Committee

TABLE_PERIODS = 6  # the latest periods in each indicator's table


@dataclass
class ReportIndicator:
    page: selectors.IndicatorPage
    chart: str  # an SVG data: address, or "" when there is only one value
    comments: list[tuple[str, str]]  # (period, text), numbered as in the chart
    rows: list[dict[str, Any]]


def report_indicators(committee: Committee) -> list[ReportIndicator]:
    """Every indicator the committee follows that has a value, with its table, and a chart
    where there is a development to show (two periods or more) or a comment."""
    result = []
    for page in selectors.indicator_pages(committee, selectors.committee_indicators(committee)):
        indicator = page.indicator
        if not any(line.periods for line in page.series):
            continue
        comments = sorted(page.comments.items())
        own_periods = page.series[0].periods if page.series else []
        if len(own_periods) < 2 and not comments:  # one value: the table says it all
            result.append(ReportIndicator(page, "", comments, page.table[-TABLE_PERIODS:]))
            continue
        svg = indicator_svg(
            "",  # the heading above the chart names it
            indicator.unit,
            indicator.decimals,
            [ChartLine(line.label, line.chart_points) for line in page.series],
            page.targets,
            [period for period, _ in comments],
        )
        image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        result.append(ReportIndicator(page, image, comments, page.table[-TABLE_PERIODS:]))
    return result


def committee_report_context(committee: Committee) -> dict[str, Any]:
    overview = selectors.overview(committee)
    return {
        "committee": committee,
        "overview": overview,
        "budget": (
            budget_overview(committee, overview.budget.year, overview.budget.month)
            if overview.budget
            else None
        ),
        "indicators": report_indicators(committee),
        "today": timezone.localdate(),
    }


def committee_report_pdf(committee: Committee) -> bytes:
    return render_pdf("dashboards/report_pdf.html", committee_report_context(committee))
