"""Reads of the indicators app."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from apps.core.periods import period_bounds, period_year, previous_period
from apps.indicators.models import (
    Assessment,
    Comment,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.organisations.models import Committee

EXPORT_FIELDS = [
    "kpi",
    "municipality",
    "period",
    "gender",
    "value",
    "status",
    "count",
    "preliminary",
]


def indicator_export_rows(kpi: str, units: list[str] | None = None) -> list[dict[str, Any]]:
    """Every value of one indicator as plain rows, sorted by unit code, period and gender.

    `municipality` is the Kolada code or the group id; a missing value is None.
    """
    values = IndicatorValue.objects.filter(indicator__code=kpi).with_preliminary()
    if units:
        values = values.filter(Q(municipality__code__in=units) | Q(group__code__in=units))
    columns = values.values_list(  # type: ignore[misc]  # "preliminary" is annotated
        "municipality__code",
        "group__code",
        "period",
        "gender",
        "value",
        "status",
        "count",
        "preliminary",
    )
    rows = [
        {
            "kpi": kpi,
            "municipality": municipality or group,
            "period": period,
            "gender": gender,
            "value": value,
            "status": status,
            "count": count,
            "preliminary": bool(preliminary),
        }
        for municipality, group, period, gender, value, status, count, preliminary in columns
    ]
    rows.sort(key=lambda row: (row["municipality"], row["period"], row["gender"]))
    return rows


# -- follow-up: goals, own figures and the controllers' entry sheet ----------------------------


@dataclass(frozen=True)
class Suggestion:
    """What the figures say about one goal indicator: met, not met or no data."""

    goal_indicator: GoalIndicator
    status: str  # "met", "not_met", "no_data"
    value: float | None = None
    value_period: str | None = None
    target: float | None = None

    @property
    def label(self) -> str:
        return SUGGESTION_LABELS[self.status]


SUGGESTION_LABELS = {"met": "Uppfyllt", "not_met": "Ej uppfyllt", "no_data": "Inga data"}


def suggested_status(goal_indicator: GoalIndicator, committee: Committee, year: int) -> Suggestion:
    """The latest total value up to `year` for the committee's municipality against the
    target of that value's year (or the latest target before it)."""
    return suggestions_for([goal_indicator], committee, year)[goal_indicator.pk]


def suggestions_for(
    goal_indicators: list[GoalIndicator], committee: Committee, year: int
) -> dict[int, Suggestion]:
    """suggested_status for many goal indicators in two queries (goal indicator id → it)."""
    latest: dict[int, tuple[str, float]] = {}
    for indicator_id, period, value in (
        IndicatorValue.objects.filter(
            indicator__in={gi.indicator_id for gi in goal_indicators},
            municipality=committee.municipality,
            gender=IndicatorValue.Gender.TOTAL,
            value__isnull=False,
            period__lt=str(year + 1),
        )
        .order_by("period")
        .values_list("indicator_id", "period", "value")
    ):
        if value is not None:
            latest[indicator_id] = (period, value)
    targets: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for goal_indicator_id, target_year, target_value in (
        Target.objects.filter(goal_indicator__in=goal_indicators)
        .order_by("year")
        .values_list("goal_indicator_id", "year", "value")
    ):
        targets[goal_indicator_id].append((target_year, target_value))
    suggestions = {}
    for gi in goal_indicators:
        if gi.indicator_id not in latest:
            suggestions[gi.pk] = Suggestion(gi, "no_data")
            continue
        period, value = latest[gi.indicator_id]
        before = [t for y, t in targets[gi.pk] if y <= period_year(period)]
        if not before:
            suggestions[gi.pk] = Suggestion(gi, "no_data", value, period)
            continue
        status = "met" if gi.is_met(value, before[-1]) else "not_met"
        suggestions[gi.pk] = Suggestion(gi, status, value, period, before[-1])
    return suggestions


@dataclass
class OwnFigureRow:
    indicator: Indicator
    genders: list[str]
    current: dict[str, float | None]
    previous: dict[str, float | None]
    comment: str

    @property
    def is_missing(self) -> bool:
        return self.current.get("T") is None


@dataclass
class GoalRow:
    goal: Goal
    assessment: Assessment | None
    previous: Assessment | None
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def is_missing(self) -> bool:
        return not (self.assessment and self.assessment.signal and self.assessment.analysis)


@dataclass
class FollowUpSheet:
    """Everything on the controllers' entry page for one committee and period."""

    committee: Committee
    period: str
    previous_period: str
    follow_up: FollowUpPeriod
    figures: list[OwnFigureRow]
    goals: list[GoalRow]

    @property
    def deadline(self) -> date:
        return self.follow_up.effective_deadline()

    @property
    def missing(self) -> list[str]:
        return [f"Värde: {row.indicator.title}" for row in self.figures if row.is_missing] + [
            f"Bedömning och analys: {row.goal.title}" for row in self.goals if row.is_missing
        ]


def follow_up_sheet(committee: Committee, period: str) -> FollowUpSheet:
    previous = previous_period(period)
    follow_up = FollowUpPeriod.objects.filter(committee=committee, period=period).first()
    indicators = list(Indicator.objects.for_committee(committee).own())
    values = IndicatorValue.objects.filter(
        indicator__in=indicators, municipality=committee.municipality, period__in=[period, previous]
    ).values_list("indicator_id", "period", "gender", "value")
    by_key = {(i, p, g): v for i, p, g, v in values}
    comments = dict(
        Comment.objects.filter(committee=committee, period=period).values_list(
            "indicator_id", "text"
        )
    )
    figures = []
    for indicator in indicators:
        genders = ["T", "K", "M"] if indicator.divided_by_gender else ["T"]
        figures.append(
            OwnFigureRow(
                indicator=indicator,
                genders=genders,
                current={g: by_key.get((indicator.pk, period, g)) for g in genders},
                previous={g: by_key.get((indicator.pk, previous, g)) for g in genders},
                comment=comments.get(indicator.pk, ""),
            )
        )
    goals = []
    year = period_year(period)
    assessments = {
        (a.goal_id, a.period): a
        for a in Assessment.objects.filter(goal__committee=committee, period__in=[period, previous])
    }
    for goal in Goal.objects.filter(
        committee=committee, first_year__lte=year, last_year__gte=year
    ).prefetch_related("goal_indicators__indicator"):
        goals.append(
            GoalRow(
                goal=goal,
                assessment=assessments.get((goal.pk, period)),
                previous=assessments.get((goal.pk, previous)),
                suggestions=[
                    suggested_status(gi, committee, year) for gi in goal.goal_indicators.all()
                ],
            )
        )
    return FollowUpSheet(
        committee=committee,
        period=period,
        previous_period=previous,
        follow_up=follow_up or FollowUpPeriod(committee=committee, period=period),
        figures=figures,
        goals=goals,
    )


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    change: str


def follow_up_history(committee: Committee, period: str, limit: int = 30) -> list[Change]:
    """The latest changes to a period's figures, comments and assessments (who, when, what)."""
    labels = {"+": "skapad", "~": "ändrad", "-": "borttagen"}
    values = IndicatorValue.history.filter(
        municipality_id=committee.municipality_id, period=period, source="own"
    ).select_related("indicator", "history_user")[:limit]
    comments = Comment.history.filter(committee_id=committee.pk, period=period).select_related(
        "indicator", "history_user"
    )[:limit]
    assessments = Assessment.history.filter(
        goal__committee=committee, period=period
    ).select_related("goal", "history_user")[:limit]
    changes = (
        [
            Change(
                h.history_date,
                _who(h),
                f"{h.indicator.title} ({h.gender})",
                f"{labels[h.history_type]}: {h.value}",
            )
            for h in values
        ]
        + [
            Change(
                h.history_date,
                _who(h),
                f"Kommentar {h.indicator.title}",
                f"{labels[h.history_type]}: {h.text[:80]}",
            )
            for h in comments
        ]
        + [
            Change(
                h.history_date,
                _who(h),
                f"Bedömning {h.goal.title}",
                f"{labels[h.history_type]}: {h.get_signal_display() or '–'}, {h.status}",
            )
            for h in assessments
        ]
    )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def _who(record: Any) -> str:
    return record.history_user.get_username() if record.history_user else "system"


def recent_periods(today: date, years: int = 2) -> list[str]:
    """The periods to pick from, newest first: the finished quarters and years."""
    periods = []
    for year in range(today.year, today.year - years - 1, -1):
        quarters = [f"{year}Q{q}" for q in range(4, 0, -1)]
        periods += [p for p in quarters if period_bounds(p)[1] < today]
        if year < today.year:
            periods.append(str(year))
    return periods
