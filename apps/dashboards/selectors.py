"""Reads for the politicians' pages: the committee overview, the indicator page and the
comparison page.

Every function here runs a fixed number of queries, whatever the number of indicators,
goals or comparison units: values are loaded for all indicators at once and grouped in
Python (the national-scale bench checks this).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from apps.budget.selectors import (
    WHOLE_COMMITTEE,
    BudgetTotal,
    CentreFigures,
    centre_ledgers,
    whole_committee,
)
from apps.core.periods import MONTHS, ReportPeriod, period_bounds, period_label
from apps.core.small_counts import shown_total, small_count
from apps.dashboards.cards import OverviewCard, overview_cards, series_as_of
from apps.decisions.quarters import Quarter, Section
from apps.decisions.selectors import quarter_counts
from apps.indicators.comparison import (
    MIN_RANKED,
    OWN,
    RIKET,
    IndicatorCard,
    Ranking,
    Series,
    Unit,
    card_for,
    comparison_units,
    gr_ranking,
    load_series,
    member_values,
    region_group,
)
from apps.indicators.models import (
    Assessment,
    Comment,
    CommitteeIndicator,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.indicators.selectors import (
    READERS,
    Audience,
    Suggestion,
    suggestions_for,
    value_source_label,
)
from apps.organisations.models import Committee, ComparisonGroup

# -- goals ------------------------------------------------------------------------------------


@dataclass
class GoalSummary:
    goal: Goal
    assessment: Assessment | None
    suggestions: list[Suggestion]
    draft: bool = False  # the assessment shown is an editor's draft


def current_goals(committee: Committee, today: date | None = None) -> tuple[int | None, list[Goal]]:
    """The year goals were last followed up to `today` — this year, or the last year goals
    ran — and the goals running in it (one query; their indicators are prefetched)."""
    today = today or timezone.localdate()
    started = list(
        Goal.objects.filter(committee=committee, first_year__lte=today.year).order_by("order", "pk")
    )
    if not started:
        return None, []
    year = min(today.year, max(goal.last_year for goal in started))
    return year, _with_indicators([g for g in started if g.first_year <= year <= g.last_year])


def goals_in(committee: Committee, year: int) -> list[Goal]:
    """The goals running in `year` (the report period's), with their indicators — two
    queries."""
    goals = Goal.objects.filter(committee=committee, first_year__lte=year, last_year__gte=year)
    return _with_indicators(list(goals.order_by("order", "pk")))


def _with_indicators(goals: list[Goal]) -> list[Goal]:
    prefetch_related_objects(
        goals,
        Prefetch("goal_indicators", GoalIndicator.objects.select_related("indicator")),
    )
    return goals


def goal_summaries(
    committee: Committee,
    year: int,
    goals: list[Goal],
    audience: Audience = READERS,
    period: ReportPeriod | None = None,
) -> list[GoalSummary]:
    """Each goal with its latest assessment (up to `year`, or up to the report period's
    end) and the suggested status of each of its indicators — three queries in all
    (five when a delår is shown and a year's figure came after it). Editors see a newer
    draft, marked so."""
    shown = period.covers if period else (lambda p: p[:4] <= str(year))
    assessments: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(goal__in=goals, period__lt=str(year + 1)).order_by(
        "period"
    ):
        if assessment.period not in audience.hidden_periods and shown(assessment.period):
            latest = assessments.get(assessment.goal_id)
            if (
                latest is None
                or period_bounds(latest.period)[1] <= period_bounds(assessment.period)[1]
            ):
                assessments[assessment.goal_id] = assessment
    drafted = set()
    for goal_id, draft in audience.draft_assessments.items():
        draft_period = draft.follow_up.period
        latest = assessments.get(goal_id)
        if shown(draft_period) and (latest is None or latest.period <= draft_period):
            assessments[goal_id] = Assessment(
                goal_id=goal_id,
                period=draft_period,
                signal=draft.signal,
                analysis=draft.analysis,
            )
            drafted.add(goal_id)
    goal_indicators = [gi for goal in goals for gi in goal.goal_indicators.all()]
    until = period.code if period and period.kind else None
    suggestions = suggestions_for(goal_indicators, committee, year, until, audience=audience)
    if period is not None:  # a year's figure newer than a delår: the year before instead
        later = [
            gi
            for gi in goal_indicators
            if (found := suggestions[gi.pk].value_period) and not shown(found)
        ]
        if later:
            suggestions |= suggestions_for(later, committee, year - 1, audience=audience)
    return [
        GoalSummary(
            goal,
            assessments.get(goal.pk),
            [suggestions[gi.pk] for gi in goal.goal_indicators.all()],
            goal.pk in drafted,
        )
        for goal in goals
    ]


# -- budget and ej verkställda ------------------------------------------------------------


@dataclass
class EvbSummary:
    quarter: Quarter
    rows: list[dict[str, str]]  # per lag: the four sections as shown (1–2 as "<3")
    total_open: str


def evb_summary(committee: Committee, quarter: Quarter | None = None) -> EvbSummary | None:
    """Counts only, for `quarter` (default the last finished one); 1–2 are shown as "<3"."""
    quarter = quarter or Quarter.containing(timezone.localdate()).previous
    counts = quarter_counts(committee, quarter)
    if not any(n for sections in counts.values() for n in sections.values()):
        return None
    rows = [
        {"lag": law, **{section.value: small_count(n) for section, n in sections.items()}}
        for law, sections in counts.items()
    ]
    open_parts = [
        sections[section]
        for sections in counts.values()
        for section in (Section.NEW, Section.LATE, Section.STILL_OPEN)
    ]
    return EvbSummary(quarter, rows, shown_total(open_parts))


# -- the overview ---------------------------------------------------------------------------


@dataclass
class Overview:
    committee: Committee
    period: ReportPeriod
    units: list[Unit]
    cards: list[OverviewCard]
    goals_year: int
    goals: list[GoalSummary]
    budget: BudgetTotal | None
    evb: EvbSummary | None
    evb_quarter: Quarter

    @property
    def budget_until(self) -> str:
        """ "augusti": the budget's last month shown."""
        return MONTHS[self.budget.month - 1] if self.budget else ""

    @property
    def evb_label(self) -> str:
        """ "kvartal 3 2025" """
        return period_label(str(self.evb_quarter))


def key_indicators(committee: Committee) -> list[Indicator]:
    links = CommitteeIndicator.objects.filter(committee=committee, is_key=True).select_related(
        "indicator"
    )
    return [link.indicator for link in links.order_by("order", "indicator__code")]


def budget_as_of(committee: Committee, period: ReportPeriod) -> BudgetTotal | None:
    """The whole committee's budget figures for the period's year, up to its last month
    (or the last month with utfall before it) — one query."""
    total = whole_committee(centre_ledgers(committee, period.year).values())
    if total is None:
        return None
    months = [m for m in total.outcome_months if m <= period.end_month]
    month = max(months, default=period.end_month)
    figures = CentreFigures(WHOLE_COMMITTEE, -1, True, total, month)
    return BudgetTotal(period.year, month, figures)


@dataclass
class OverviewFigures:
    """The overview's part that follows the figures: comparison units, cards and goals."""

    units: list[Unit]
    cards: list[OverviewCard]
    goals: list[GoalSummary]


def overview_figures(
    committee: Committee,
    period: ReportPeriod,
    groups: Iterable[ComparisonGroup] | None = None,
    audience: Audience = READERS,
) -> OverviewFigures:
    """The key indicators' cards and the goals running in the period's year with their
    latest assessment, as of `period`."""
    units = comparison_units(committee, groups)
    indicators = key_indicators(committee)
    series = series_as_of(load_series(indicators, units, audience=audience), period)
    goals = goals_in(committee, period.year)
    summaries = goal_summaries(committee, period.year, goals, audience, period) if goals else []
    return OverviewFigures(
        units, overview_cards(indicators, units, series, summaries, period), summaries
    )


def overview(
    committee: Committee,
    period: ReportPeriod | None = None,
    groups: Iterable[ComparisonGroup] | None = None,
    audience: Audience = READERS,
) -> Overview:
    """Everything the overview shows as of `period` (default: the latest with data): the
    key indicators' cards, the goals running in its year with their latest assessment, the
    budget up to its month and the ej verkställda counts of its quarter."""
    if period is None:
        from apps.dashboards.periods import latest_period_with_data  # it reads this module

        period = latest_period_with_data(committee)
    quarter = Quarter.parse(period.quarter_code)
    return assemble_overview(
        committee,
        period,
        overview_figures(committee, period, groups, audience),
        budget_as_of(committee, period),
        evb_summary(committee, quarter),
    )


def assemble_overview(
    committee: Committee,
    period: ReportPeriod,
    figures: OverviewFigures,
    budget: BudgetTotal | None,
    evb: EvbSummary | None,
) -> Overview:
    quarter = Quarter.parse(period.quarter_code)
    return Overview(
        committee,
        period,
        figures.units,
        figures.cards,
        period.year,
        figures.goals,
        budget,
        evb,
        quarter,
    )


# -- the indicator page ---------------------------------------------------------------------


@dataclass
class IndicatorPage:
    committee: Committee
    indicator: Indicator
    gender: str
    series: list[Series]
    periods: list[str]
    targets: dict[str, float]  # year → target (from the committee's goals)
    comments: dict[str, str]  # period → comment text
    ranking: Ranking | None
    card: IndicatorCard
    draft_comments: set[str] = field(default_factory=set)  # periods whose comment is a draft

    @property
    def draft_series(self) -> list[tuple[str, float | None, bool]]:
        """The own municipality's drafts (editors only), for a chart series of their own."""
        own = next((line for line in self.series if line.key == OWN), None)
        return own.draft_points if own else []

    @property
    def table(self) -> list[dict[str, Any]]:
        """One row per period: each series' value, preliminary marks, target, comment."""
        rows = []
        for period in self.periods:
            cells = []
            for line in self.series:
                point = line.points.get(period)
                cells.append(point)
            rows.append(
                {
                    "period": period,
                    "label": period_label(period),
                    "cells": cells,
                    "target": self.targets.get(period[:4]) if len(period) == 4 else None,
                    "comment": self.comments.get(period, ""),
                    "comment_draft": period in self.draft_comments,
                }
            )
        return rows

    @property
    def export_fields(self) -> list[str]:
        return ["period", *[line.label for line in self.series], "mal", "kommentar"]

    @property
    def export_headings(self) -> dict[str, str]:
        """The series keep their labels ("Alingsås", "Riket") as headings."""
        return {"period": "Period", "mal": "Mål", "kommentar": "Kommentar"}

    def export_rows(self) -> list[dict[str, Any]]:
        """The table as plain values, for CSV and XLSX (keys as in export_fields)."""
        return [
            {
                "period": row["period"],
                **{
                    line.label: cell.value if cell else None
                    for line, cell in zip(self.series, row["cells"], strict=True)
                },
                "mal": row["target"],
                "kommentar": row["comment"],
            }
            for row in self.table
        ]


def indicator_page(
    committee: Committee,
    indicator: Indicator,
    gender: str,
    audience: Audience = READERS,
    period: ReportPeriod | None = None,
) -> IndicatorPage:
    """One indicator with its GR ranking (the indicator page), up to the report period's
    end when one is given; a ranking of Kolada's figures only, since a committee's own
    figures are not kept by the other members."""
    groups = list(committee.comparison_groups.all())
    page = indicator_pages(committee, [indicator], gender, groups, audience, period)[0]
    if indicator.is_kolada:
        page.ranking = ranking_as_of(committee, indicator, gender, groups, period)
    return page


def ranking_as_of(
    committee: Committee,
    indicator: Indicator,
    gender: str,
    groups: list[ComparisonGroup],
    period: ReportPeriod | None,
) -> Ranking | None:
    """The GR ranking of the latest year, or of the report period's latest full year when
    the latest is after it."""
    ranking = gr_ranking(committee, indicator, gender, groups)
    if ranking is None or period is None or period.covers(ranking.period):
        return ranking
    group = region_group(committee, groups)
    year = str(period.year if period.covers(str(period.year)) else period.year - 1)
    values = member_values(group, indicator, gender, year)[1] if group else []
    if len(values) < MIN_RANKED:
        return None
    values.sort(key=lambda row: row[2], reverse=indicator.higher_is_better is not False)
    own = committee.municipality.code
    return Ranking(
        year,
        [(place, name, value, code == own) for place, (code, name, value) in enumerate(values, 1)],
    )


def indicator_pages(
    committee: Committee,
    indicators: list[Indicator],
    gender: str = "T",
    groups: Iterable[ComparisonGroup] | None = None,
    audience: Audience = READERS,
    period: ReportPeriod | None = None,
) -> list[IndicatorPage]:
    """Series, targets and comments for many indicators in four queries (the committee
    report prints every indicator), up to the report period's end when one is given;
    without the GR ranking."""
    units = comparison_units(committee, groups)
    series = load_series(indicators, units, {"T", gender}, audience)
    if period is not None:
        series = series_as_of(series, period)
    targets: dict[int, dict[str, float]] = defaultdict(dict)
    for indicator_id, year, value in Target.objects.filter(
        goal_indicator__goal__committee=committee, goal_indicator__indicator__in=indicators
    ).values_list("goal_indicator__indicator_id", "year", "value"):
        if period is None or year <= period.year:
            targets[indicator_id][str(year)] = value
    shown = period.covers if period else (lambda _: True)
    comments: dict[int, dict[str, str]] = defaultdict(dict)
    for indicator_id, when, text in Comment.objects.filter(
        committee=committee, indicator__in=indicators
    ).values_list("indicator_id", "period", "text"):
        if not audience.hides(indicator_id, when) and shown(when):
            comments[indicator_id][when] = text
    drafted: dict[int, set[str]] = defaultdict(set)
    for (indicator_id, when), text in audience.draft_comments.items():
        comments[indicator_id].pop(when, None)
        if text and shown(when):
            comments[indicator_id][when] = text
            drafted[indicator_id].add(when)
    pages = []
    for indicator in indicators:
        lines = [series[key] for u in units if (key := (indicator.pk, gender, u.key)) in series]
        pages.append(
            IndicatorPage(
                committee,
                indicator,
                gender,
                lines,
                sorted({p for line in lines for p in line.points}),
                targets[indicator.pk],
                comments[indicator.pk],
                None,
                card_for(indicator, units, series),
                drafted[indicator.pk],
            )
        )
    return pages


# -- the comparison page --------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonBar:
    label: str
    value: float
    kind: str  # "own", "member", "group", "riket"
    note: str
    place: int | None = None  # among the region's members; None for a reference
    of: int = 0  # how many members are ranked

    @property
    def place_text(self) -> str:
        """ "plats 3 av 13" for a member; "" for a group, riket or a reference value."""
        return f"plats {self.place} av {self.of}" if self.place else ""

    @property
    def is_reference(self) -> bool:
        return self.place is None


@dataclass
class ComparisonPage:
    committee: Committee
    indicator: Indicator
    gender: str
    period: str | None
    periods: list[str]
    bars: list[ComparisonBar]
    region: str = ""  # the region group's name (Göteborgsregionen)
    region_size: int = 0  # its members, with or without values

    @property
    def members(self) -> list[ComparisonBar]:
        return [bar for bar in self.bars if bar.place is not None]

    @property
    def references(self) -> list[ComparisonBar]:
        return [bar for bar in self.bars if bar.place is None]

    @property
    def has_own(self) -> bool:
        """Whether the committee's own municipality has a value for the year."""
        return any(bar.kind == "own" for bar in self.bars)

    @property
    def missing_members(self) -> int:
        """Members of the region without a value for the year."""
        return max(0, self.region_size - len(self.members))


def comparison_page(
    committee: Committee, indicator: Indicator, gender: str, period: str | None
) -> ComparisonPage:
    """One year for every member of the region (Göteborgsregionen), ranked "plats X av
    13", and the groups and riket that apply to the indicator as reference values, not
    ranked among the municipalities — as `001_…` compares them. Each bar says what its
    figure is and where it comes from: Kolada's raw values carry "Källa: Kolada", a value
    from a document that document's name, a mean its maker."""
    groups = list(committee.comparison_groups.all())
    group = region_group(committee, groups)
    years = sorted(
        set(
            IndicatorValue.objects.filter(indicator=indicator, value__isnull=False)
            .filter(period__regex=r"^\d{4}$")
            .values_list("period", flat=True)
            .distinct()
        )
    )
    period = period if period in years else (years[-1] if years else None)
    region_size = group.members.count() if group else 0
    region = group.name.removesuffix(" (ovägt medel)") if group else ""
    if period is None:
        return ComparisonPage(committee, indicator, gender, None, years, [], region, region_size)
    own_code = committee.municipality.code
    members: list[tuple[str, str, float, str, str]] = (
        list(
            IndicatorValue.objects.filter(
                indicator=indicator,
                gender=gender,
                period=period,
                municipality__groups=group,
                value__isnull=False,
            ).values_list(
                "municipality__code", "municipality__name", "value", "source", "source_name"
            )  # type: ignore[arg-type]  # value__isnull=False: every value is a float
        )
        if group
        else []
    )
    best_first = indicator.higher_is_better is not False
    members.sort(key=lambda row: row[2], reverse=best_first)
    member_codes = {row[0] for row in members}
    bars: list[ComparisonBar] = []
    for place, (code, name, value, source, source_name) in enumerate(members, start=1):
        kind = "own" if code == own_code else "member"
        note = (
            "kommunens värde. Källa: Kolada"
            if source == IndicatorValue.Source.KOLADA
            else f"kommunens värde (ur {value_source_label(source, source_name)})"
        )
        bars.append(ComparisonBar(name, value, kind, note, place, len(members)))
    units = comparison_units(committee, groups)
    series = load_series([indicator], units, {gender})
    for unit in units:
        if unit.key == OWN and own_code in member_codes:
            continue
        line = series.get((indicator.pk, gender, unit.key))
        figure = line.value(period) if line else None
        if line is None or figure is None:
            continue
        kind = "own" if unit.key == OWN else ("riket" if unit.key == RIKET else "group")
        bars.append(ComparisonBar(unit.label, figure, kind, line.note))
    bars.sort(key=lambda bar: bar.value, reverse=best_first)
    return ComparisonPage(committee, indicator, gender, period, years, bars, region, region_size)


def committee_indicators(committee: Committee) -> list[Indicator]:
    """The Kolada and own indicators the committee follows, in its order, then its own
    indicators that it does not list."""
    return list(Indicator.objects.for_committee(committee)) + list(
        Indicator.objects.own()
        .filter(committee=committee)
        .exclude(committee_links__committee=committee)
    )


def committee_indicator(committee: Committee, code: str) -> Indicator | None:
    """One indicator the committee follows (or keeps as its own), by code — one query."""
    return (
        Indicator.objects.filter(code=code)
        .filter(Q(committee_links__committee=committee) | Q(source="own", committee=committee))
        .first()
    )


# -- the indicator list ---------------------------------------------------------------------


LISTING_HEADINGS = {
    "kod": "Kod",
    "namn": "Nyckeltal",
    "omrade": "Verksamhetsområde",
    "enhet": "Enhet",
    "period": "Period",
    "varde": "Värde",
    "preliminar": "Preliminärt",
    "forandring": "Förändring",
    "jamford_period": "Jämförd period",
}


@dataclass
class IndicatorListing:
    rows: list[dict[str, Any]]
    fields: list[str]
    unit_labels: list[str]  # the comparison units' labels, in column order
    areas: list[str]

    @property
    def headings(self) -> dict[str, str]:
        """The files' column headings: Swedish words, and each comparison unit's name."""
        units = {f"enhet_{i}": label for i, label in enumerate(self.unit_labels, start=1)}
        return LISTING_HEADINGS | units


def indicator_listing(
    committee: Committee, area: str = "", key_only: bool = False, audience: Audience = READERS
) -> IndicatorListing:
    """Every indicator the committee follows with its latest value, change and the
    comparison units' values for the same period — four queries."""
    units = comparison_units(committee)
    indicators = committee_indicators(committee)
    areas = sorted({i.operating_area for i in indicators if i.operating_area})
    if key_only:
        keys = set(
            CommitteeIndicator.objects.filter(committee=committee, is_key=True).values_list(
                "indicator_id", flat=True
            )
        )
        indicators = [i for i in indicators if i.pk in keys]
    if area:
        indicators = [i for i in indicators if i.operating_area == area]
    series = load_series(indicators, units, audience=audience)
    rows = []
    for indicator in indicators:
        card = card_for(indicator, units, series)
        compared = card.compared_period or (card.latest.period if card.latest else "")
        row: dict[str, Any] = {
            "kod": indicator.code,
            "namn": indicator.title,
            "omrade": indicator.operating_area,
            "enhet": indicator.unit,
            "period": card.latest.period if card.latest else "",
            "varde": card.latest.value if card.latest else None,
            "preliminar": bool(card.latest and card.latest.preliminary),
            "utkast": bool(card.latest and card.latest.draft),
            "forandring": card.change,
            "jamford_period": compared,
            "decimals": indicator.decimals,
        }
        for index, unit in enumerate(units[1:], start=1):
            line = series.get((indicator.pk, "T", unit.key))
            row[f"enhet_{index}"] = line.value(compared) if line and compared else None
        rows.append(row)
    fields = ["kod", "namn", "omrade", "enhet", "period", "varde", "preliminar", "forandring"]
    fields += ["jamford_period", *[f"enhet_{i}" for i in range(1, len(units))]]
    return IndicatorListing(rows, fields, [u.label for u in units[1:]], areas)
