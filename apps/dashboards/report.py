"""The committee report for the nämnd's agenda: one report period, a one-page summary first
(goals with status, key figures, the budget's deviation and forecast, ej verkställda
counts), then the goals, the indicators, the budget and ej verkställda beslut.

`committee_report` gathers everything as display-ready text (tables of strings, charts as
data), so that the PDF (`committee_report_pdf`, WeasyPrint) and the Word file
(`apps/dashboards/report_docx.py`) print the same content. Every section follows the one
period: figures after its end are left out, the budget is read up to its last month, and ej
verkställda beslut are counted for the last quarter that ended within it.
"""

from __future__ import annotations

import base64
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.budget.models import LedgerMonthSummary
from apps.budget.selectors import BudgetReport, CentreFigures, report_areas
from apps.core.formatting import format_number
from apps.core.pdf import render_pdf
from apps.core.periods import MONTHS, ReportPeriod, period_bounds, period_label
from apps.dashboards import selectors
from apps.dashboards.charts import LINE_COLOURS
from apps.dashboards.models import STALLED_AFTER, ReportRun
from apps.dashboards.periods import latest_period_with_data
from apps.dashboards.print_charts import PrintChart, PrintLine, report_chart
from apps.decisions.quarters import Quarter
from apps.indicators.comparison import OWN, Series, Unit, comparison_units
from apps.indicators.models import Goal, Indicator
from apps.indicators.selectors import READERS, Suggestion
from apps.organisations.models import Committee

logger = logging.getLogger(__name__)
CHART_MIN_PERIODS = 3  # fewer periods and no target: the table says it all
MISSING = "–"
SIGNALS = {  # assessment → (symbol, class); the text is the signal's own label
    "helt": ("●", "met"),
    "delvis": ("◐", "partly"),
    "ej": ("○", "not-met"),
}
SUGGESTION_MARKS = {"met": "✓", "not_met": "✗", "no_data": "–"}
NO_ASSESSMENT = "Ingen bedömning"


# -- the period ------------------------------------------------------------------------------


def report_period_of(committee: Committee, text: str | None = None) -> ReportPeriod:
    """The period asked for (?period=, --period), or the latest with data; a ValueError
    with a Swedish message for text that is no period."""
    if text and text.strip():
        return ReportPeriod.parse(text)
    return latest_period_with_data(committee)


# -- what the report holds ---------------------------------------------------------------------


@dataclass
class Table:
    """A table as text, printed the same in PDF and Word. `widths` are shares of the page
    width (they add up to 1), so that no table is wider than the page."""

    headings: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    widths: list[float]
    total: list[str] | None = None  # a last row printed in bold (Hela nämnden)

    @property
    def percent_widths(self) -> list[str]:
        """The columns' widths for CSS, adding up to 100% (never more)."""
        total = sum(self.widths)
        return [f"{math.floor(10000 * width / total) / 100:.2f}%" for width in self.widths]

    @property
    def heading_cells(self) -> list[tuple[str, bool]]:
        return list(zip(self.headings, self.numeric, strict=True))

    @property
    def row_cells(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]

    @property
    def total_cells(self) -> list[tuple[str, bool]]:
        return list(zip(self.total or [], self.numeric, strict=True))


@dataclass
class ReportChart:
    title: str
    chart: PrintChart
    comments: list[str]  # "2024: text", in the order of the chart's numbers
    alt: str

    def svg_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(report_chart(self.chart)).decode()


@dataclass
class GoalBlock:
    title: str
    kf_goal: str
    status: str  # the assessment's text: "Delvis uppfyllt (2024)", or NO_ASSESSMENT
    symbol: str
    css: str
    analysis: str
    table: Table | None


@dataclass
class CommitteeReport:
    committee: Committee
    period: ReportPeriod
    printed: date
    goals_table: Table | None
    key_figures: Table | None
    budget_total: Table | None
    evb_total: str
    goals: list[GoalBlock]
    indicators: Table | None
    charts: list[ReportChart]
    legend: list[tuple[str, str]]  # (name, colour) of the chart lines
    budget: Table | None
    evb: Table | None
    investments: Table | None = None
    budget_report: BudgetReport | None = None  # for templates/budget/_report_section.html
    comments: list[str] = field(default_factory=list)  # of indicators without a chart

    @property
    def title(self) -> str:
        return f"{self.committee.name}, {self.committee.municipality.name}"

    @property
    def heading(self) -> str:
        return f"Uppföljning {self.period.label}"

    @property
    def budget_heading(self) -> str:
        month = MONTHS[self.period.end_month - 1]
        return f"Budget {self.period.year}, utfall till och med {month} (tkr)"

    @property
    def evb_heading(self) -> str:
        return f"Ej verkställda beslut, {period_label(self.period.quarter_code)}"

    @property
    def budget_note(self) -> str:
        top = self.budget_report.top.centre.name if self.budget_report else "Nämnden"
        return (
            f"{top}. Intäkter positiva, kostnader negativa, avvikelse positiv vid överskott. "
            "Prognos (controller) är controllerns senaste helårsprognos; beräknad prognos är "
            "utfallet hittills, återstående budget och avvikelsen hittills i samma takt."
        )

    @property
    def goals_heading(self) -> str:
        return f"Mål och bedömningar {self.period.year}"

    @property
    def indicators_heading(self) -> str:
        return f"Nyckeltal till och med {period_label(self.period.code)}"


# -- building it ---------------------------------------------------------------------------------


def committee_report(
    committee: Committee,
    period: ReportPeriod,
    progress: Callable[[int, str], None] | None = None,
) -> CommitteeReport:
    """Everything the report prints, for `period`. `progress(percent, step)` is told as
    the parts are read (the report task stores it for the progress page)."""
    step = progress or (lambda percent, text: None)
    units = comparison_units(committee)
    step(10, "Mål och bedömningar")
    goals = goals_running(committee, period.year)
    summaries = selectors.goal_summaries(committee, period.year, goals, READERS) if goals else []
    summaries = [_until(summary, period) for summary in summaries]
    suggestions = {s.goal_indicator.indicator_id: s for g in summaries for s in g.suggestions}
    step(30, "Nyckeltal")
    indicators = selectors.committee_indicators(committee)
    pages = selectors.indicator_pages(committee, indicators, "T", None, READERS)
    for page in pages:
        page.series = [_cut(line, period) for line in page.series]
        page.targets = {y: v for y, v in page.targets.items() if int(y) <= period.year}
        page.comments = {p: t for p, t in page.comments.items() if period.covers(p)}
    pages = [page for page in pages if any(line.periods for line in page.series)]
    # The own municipality always has its column (a "–" says it has no value; without the
    # column a reader would take the first group's figure for the municipality's).
    columns = [
        u
        for u in units
        if u.key == OWN or any(line.key == u.key for p in pages for line in p.series)
    ]
    key_ids = {i.pk for i in selectors.key_indicators(committee)}
    step(60, "Budget och ej verkställda beslut")
    budget = _budget(committee, period)
    evb = selectors.evb_summary(committee, Quarter.parse(period.quarter_code))
    report = CommitteeReport(
        committee=committee,
        period=period,
        printed=timezone.localdate(),
        goals_table=_goals_table(summaries),
        key_figures=_indicator_table(
            [p for p in pages if p.indicator.pk in key_ids], columns, suggestions
        ),
        budget_total=_budget_total(budget),
        evb_total=evb.total_open if evb else "",
        goals=[_goal_block(summary) for summary in summaries],
        indicators=_indicator_table(pages, columns, suggestions),
        charts=[],
        legend=[(unit.label, _colour(units, unit.key)) for unit in columns],
        budget=_budget_table(budget),
        investments=_investment_table(budget),
        evb=_evb_table(evb) if evb else None,
        budget_report=budget,
    )
    step(70, "Diagram")
    for page in pages:
        chart = _chart(page, units)
        if chart is not None:
            report.charts.append(chart)
        else:  # no chart to number them in: the comments are listed by themselves
            report.comments += [
                f"{page.indicator.title}, {period_label(p)}: {text}"
                for p, text in sorted(page.comments.items())
            ]
    return report


def goals_running(committee: Committee, year: int) -> list[Goal]:
    """The goals that run in `year`, with their indicators (two queries)."""
    goals = list(
        Goal.objects.filter(committee=committee, first_year__lte=year, last_year__gte=year)
        .order_by("order", "pk")
        .prefetch_related("goal_indicators__indicator")
    )
    return goals


def _until(summary: selectors.GoalSummary, period: ReportPeriod) -> selectors.GoalSummary:
    """An assessment made for a later period than the report's is not shown."""
    if summary.assessment and not period.covers(summary.assessment.period):
        summary.assessment = None
    return summary


def _cut(line: Series, period: ReportPeriod) -> Series:
    points = {p: point for p, point in line.points.items() if period.covers(p)}
    return Series(line.key, line.label, line.note, points)


def _colour(units: Sequence[Unit], key: str) -> str:
    index = next((i for i, unit in enumerate(units) if unit.key == key), 0)
    return LINE_COLOURS[index % len(LINE_COLOURS)]


def _value(value: float | None, decimals: int, preliminary: bool = False) -> str:
    if value is None:
        return MISSING
    return format_number(value, decimals) + (" (prel.)" if preliminary else "")


def indicator_name(indicator: Indicator) -> str:
    """Its title with the Kolada code and unit; an own indicator by its name only."""
    extra = [indicator.code] if indicator.is_kolada else []
    if indicator.unit:
        extra.append(indicator.get_unit_display())
    return f"{indicator.title} ({', '.join(extra)})" if extra else indicator.title


def _indicator_table(
    pages: list[selectors.IndicatorPage], columns: list[Unit], suggestions: dict[int, Suggestion]
) -> Table | None:
    """One row per indicator: the own municipality's latest period in the report, each
    column's value for it, and the target with what the figures say."""
    if not pages:
        return None
    rows = []
    for page in pages:
        own = next((line for line in page.series if line.key == OWN), None)
        periods = own.periods if own and own.periods else sorted(page.periods)
        # the latest by its end (a year before its own Q4; "2025T1" sorts after "2025Q4")
        shown = max(periods, key=lambda p: (period_bounds(p)[1], -len(p))) if periods else ""
        by_key = {line.key: line for line in page.series}
        decimals = page.indicator.decimals
        cells = []
        for unit in columns:
            point = by_key[unit.key].points.get(shown) if unit.key in by_key else None
            cells.append(_value(point.value, decimals, point.preliminary) if point else MISSING)
        suggestion = suggestions.get(page.indicator.pk)
        target = ""
        if suggestion and suggestion.target is not None:
            direction = suggestion.goal_indicator.get_direction_display()
            target = (
                f"{direction} {format_number(suggestion.target, decimals)} "
                f"{SUGGESTION_MARKS[suggestion.status]} {suggestion.label.lower()}"
            )
        rows.append([indicator_name(page.indicator), period_label(shown), *cells, target])
    unit_share = 0.42 / max(len(columns), 1)
    return Table(
        ["Nyckeltal", "Period", *[unit.label for unit in columns], "Mål"],
        rows,
        [False, False, *[True] * len(columns), False],
        [0.34, 0.09, *[unit_share] * len(columns), 0.15],
    )


def _goals_table(summaries: list[selectors.GoalSummary]) -> Table | None:
    if not summaries:
        return None
    rows = []
    for summary in summaries:
        block = _goal_block(summary)
        met = sum(1 for s in summary.suggestions if s.status == "met")
        rows.append(
            [
                summary.goal.title,
                f"{block.symbol} {block.status}",
                f"{met} av {len(summary.suggestions)}" if summary.suggestions else MISSING,
            ]
        )
    return Table(
        ["Mål", "Bedömning", "Indikatorer som når målvärdet"],
        rows,
        [False, False, True],
        [0.6, 0.25, 0.15],
    )


def _goal_block(summary: selectors.GoalSummary) -> GoalBlock:
    assessment = summary.assessment
    if assessment and assessment.signal:
        symbol, css = SIGNALS[assessment.signal]
        status = f"{assessment.get_signal_display()} ({period_label(assessment.period)})"
    else:
        symbol, css, status = "–", "none", NO_ASSESSMENT
    rows = []
    for s in summary.suggestions:
        indicator = s.goal_indicator.indicator
        target = (
            f"{s.goal_indicator.get_direction_display()} "
            f"{format_number(s.target, indicator.decimals)}"
            if s.target is not None
            else ""
        )
        value = _value(s.value, indicator.decimals)
        if s.value_period:
            value += f" ({s.period_text})"
        rows.append(
            [indicator_name(indicator), value, target, f"{SUGGESTION_MARKS[s.status]} {s.label}"]
        )
    table = (
        Table(
            ["Indikator", "Värde", "Målvärde", "Utifrån siffrorna"],
            rows,
            [False, True, True, False],
            [0.52, 0.18, 0.14, 0.16],
        )
        if rows
        else None
    )
    return GoalBlock(
        summary.goal.title,
        summary.goal.kf_goal,
        status,
        symbol,
        css,
        assessment.analysis if assessment else "",
        table,
    )


def _chart(page: selectors.IndicatorPage, units: Sequence[Unit]) -> ReportChart | None:
    """A chart only where there is a development (CHART_MIN_PERIODS periods) or a target."""
    own = next((line for line in page.series if line.key == OWN), None)
    periods = own.periods if own else []
    if len(periods) < CHART_MIN_PERIODS and not page.targets:
        return None
    comments = sorted(page.comments.items())
    indicator = page.indicator
    lines = [
        PrintLine(
            line.label,
            _colour(units, line.key),
            [
                (p.period, p.value)
                for p in sorted(line.points.values(), key=lambda p: p.period)
                if not p.draft
            ],
            own=line.key == OWN,
        )
        for line in page.series
        if line.periods
    ]
    names = ", ".join(line.label for line in page.series if line.periods)
    return ReportChart(
        indicator_name(indicator),
        PrintChart(
            indicator.get_unit_display() if indicator.unit else "",
            indicator.decimals,
            lines,
            dict(page.targets),
            [period for period, _ in comments],
        ),
        [f"{period_label(p)}: {text}" for p, text in comments],
        f"Linjediagram: {indicator.title} över tid för {names}"
        + (", målet som streckad linje" if page.targets else "")
        + ". Värdena står i tabellen Nyckeltal.",
    )


# -- budget and ej verkställda ------------------------------------------------------------------


def _budget(committee: Committee, period: ReportPeriod) -> BudgetReport | None:
    """The budget per verksamhetsområde up to the period's last month (apps/budget's
    report_areas, the same the budget section's template prints); None without a ledger
    for the period's year."""
    if not LedgerMonthSummary.objects.filter(committee=committee, year=period.year).exists():
        return None
    return report_areas(committee, period.year, period.end_month)


def _tkr(value: float | None) -> str:
    return MISSING if value is None else format_number(value / 1000)


BUDGET_HEADINGS = [
    "Utfall",
    "Budget",
    "Avvikelse",
    "Budget helår",
    "Prognos (controller)",
    "Beräknad prognos",
]


def _budget_cells(row: CentreFigures) -> list[str]:
    return [
        _tkr(row.outcome),
        _tkr(row.budget),
        _tkr(row.deviation),
        _tkr(row.budget_year),
        _tkr(row.forecast),
        _tkr(row.computed_forecast),
    ]


def _budget_table(budget: BudgetReport | None) -> Table | None:
    """The areas and the top row, as templates/budget/_report_section.html prints them."""
    if budget is None:
        return None
    return Table(
        ["Verksamhetsområde", *BUDGET_HEADINGS],
        [[row.centre.name, *_budget_cells(row)] for row in budget.areas],
        [False, *[True] * 6],
        [0.28, *[0.12] * 6],
        total=[budget.top.centre.name, *_budget_cells(budget.top)],
    )


def _investment_table(budget: BudgetReport | None) -> Table | None:
    if budget is None or not budget.investments:
        return None
    rows = [
        [line.name, _tkr(line.budget), _tkr(line.outcome), _tkr(line.deviation)]
        for line in budget.investments
    ]
    return Table(
        [f"Investeringar {budget.year}", "Budget", "Utfall", "Kvar av budget"],
        rows,
        [False, True, True, True],
        [0.52, 0.16, 0.16, 0.16],
    )


def _budget_total(budget: BudgetReport | None) -> Table | None:
    if budget is None:
        return None
    return Table(BUDGET_HEADINGS, [_budget_cells(budget.top)], [True] * 6, [1 / 6] * 6)


EVB_HEADINGS = [
    "Lag",
    "Nya",
    "Ej tidigare rapporterade",
    "Verkställda",
    "Avslutade",
    "Fortfarande ej verkställda",
]
EVB_FIELDS = [
    "ny",
    "ej_tidigare_rapporterade",
    "verkstallda",
    "avslutade",
    "fortfarande_ej_verkstallda",
]


def _evb_table(evb: selectors.EvbSummary) -> Table:
    """Counts per lag; 1–2 are "<3" already (apps/core/small_counts)."""
    return Table(
        EVB_HEADINGS,
        [[row["lag"], *[row[f] for f in EVB_FIELDS]] for row in evb.rows],
        [False, *[True] * 5],
        [0.2, *[0.16] * 5],
    )


# -- the PDF ---------------------------------------------------------------------------------------


def committee_report_pdf(report: CommitteeReport) -> bytes:
    return render_pdf("dashboards/report_pdf.html", {"report": report})


# -- built in the background --------------------------------------------------------------------

BROKER_DOWN = (
    "Rapporten kan inte tas fram just nu: bakgrundstjänsten (Redis) svarar inte. "
    "Försök igen om en stund."
)
BUILD_FAILED = "Rapporten kunde inte tas fram ({kind}). Försök igen eller kontakta förvaltningen."


def report_bytes(
    committee: Committee,
    period: ReportPeriod,
    fmt: str,
    progress: Callable[[int, str], None] | None = None,
) -> bytes:
    """The report for `period` as "pdf" or "docx" (the command and the task call this)."""
    from apps.dashboards.report_docx import committee_report_docx

    report = committee_report(committee, period, progress)
    if progress:
        progress(80, "Skriver Word-filen" if fmt == "docx" else "Skriver PDF-filen")
    return committee_report_docx(report) if fmt == "docx" else committee_report_pdf(report)


def report_run_start(
    *, committee: Committee, period: ReportPeriod, fmt: str, user: Any
) -> ReportRun:
    """Ask for a report: the run is created and its task sent to the workers once the run
    is committed (run at once where Celery is eager). A broker that cannot be reached
    fails the run with BROKER_DOWN."""
    from apps.dashboards.report_tasks import build_report

    # The same report already on its way is followed, not asked for again (one build per
    # committee, period and format at a time, whoever clicks how often).
    waiting = (
        ReportRun.objects.filter(
            committee=committee,
            period=period.code,
            format=fmt,
            status__in=[ReportRun.Status.PENDING, ReportRun.Status.RUNNING],
            queued_at__gte=timezone.now() - STALLED_AFTER,
        )
        .order_by("-queued_at")
        .first()
    )
    if waiting is not None:
        return waiting
    run = ReportRun.objects.create(
        committee=committee,
        period=period.code,
        format=fmt,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )

    def send() -> None:
        try:
            build_report.apply_async(args=[run.pk], retry=True, retry_policy={"max_retries": 1})
        except Exception:
            if not settings.CELERY_TASK_ALWAYS_EAGER:
                logger.warning("Rapport %s kunde inte skickas till brokern", run.pk, exc_info=True)
                ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.PENDING).update(
                    status=ReportRun.Status.FAILED, error=BROKER_DOWN, finished_at=timezone.now()
                )
            else:
                raise

    transaction.on_commit(send)
    return run


def report_run_build(run: ReportRun) -> ReportRun:
    """Build the run's report, storing its progress as it goes and the file at the end;
    the run always ends "klar" or "misslyckades" (the error as a Swedish sentence)."""

    def progress(percent: int, step: str) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=percent, step=step)

    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=5)
    try:
        data = report_bytes(run.committee, ReportPeriod.parse(run.period), run.format, progress)
        run.file.save(f"rapport.{run.format}", ContentFile(data), save=False)
    except Exception as exc:
        logger.exception("Rapport %s kunde inte tas fram", run.pk)
        run.status, run.error = (
            ReportRun.Status.FAILED,
            BUILD_FAILED.format(kind=type(exc).__name__),
        )
    else:
        run.status, run.progress, run.step = ReportRun.Status.SUCCEEDED, 100, "Klar"
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "progress", "step", "file", "error", "finished_at"])
    return run


def latest_run(committee: Committee, period: str, fmt: str) -> ReportRun | None:
    return (
        ReportRun.objects.filter(committee=committee, period=period, format=fmt)
        .order_by("-queued_at", "-id")
        .first()
    )
