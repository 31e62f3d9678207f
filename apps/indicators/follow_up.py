"""Reads of the follow-up page: what is due in a period, what is missing, who changed what,
and which periods are late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from apps.core.periods import period_bounds, period_label, period_year, previous_period
from apps.indicators.models import (
    Assessment,
    Comment,
    DraftAssessment,
    FollowUpPeriod,
    Frequency,
    Goal,
    Indicator,
    IndicatorValue,
)
from apps.indicators.selectors import Audience, Suggestion, suggestions_for
from apps.organisations.models import Committee, CommitteeRole, Role

GENDERS_OF = {True: ["T", "K", "M"], False: ["T"]}


@dataclass
class OwnFigureRow:
    """One own indicator due in the period: its figures (draft over ready) and comment."""

    indicator: Indicator
    periods: list[str]  # the figure periods asked for: 2025Q3; 2025 (yearly); 2025M07 …
    genders: list[str]
    current: dict[tuple[str, str], float | None]  # (period, gender) → draft, else ready value
    drafted: set[tuple[str, str]]  # the keys whose current value is a draft
    previous: dict[tuple[str, str], float | None]  # (period, gender) → the period before's
    comment_period: str
    comment: str
    comment_drafted: bool

    @property
    def missing_periods(self) -> list[str]:
        return [p for p in self.periods if self.current.get((p, "T")) is None]

    @property
    def has_draft(self) -> bool:
        return bool(self.drafted) or self.comment_drafted

    def missing_text(self) -> list[str]:
        many = len(self.periods) > 1 or self.periods[0] != self.comment_period
        return [
            f"Värde: {self.indicator.title}" + (f" ({period_label(p)})" if many else "")
            for p in self.missing_periods
        ]


@dataclass
class GoalRow:
    goal: Goal
    assessment: Assessment | None  # the one marked ready
    draft: DraftAssessment | None
    previous: Assessment | None
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def signal(self) -> str:
        source = self.draft or self.assessment
        return source.signal if source else ""

    @property
    def analysis(self) -> str:
        source = self.draft or self.assessment
        return source.analysis if source else ""

    @property
    def is_missing(self) -> bool:
        return not (self.signal and self.analysis.strip())


@dataclass
class FollowUpSheet:
    """Everything on the controllers' entry page for one committee and period."""

    committee: Committee
    period: str
    previous_period: str
    follow_up: FollowUpPeriod
    figures: list[OwnFigureRow]
    goals: list[GoalRow]
    not_due: list[Indicator]  # own indicators with nothing due in this period

    @property
    def deadline(self) -> date:
        return self.follow_up.effective_deadline()

    @property
    def missing(self) -> list[str]:
        return [text for row in self.figures for text in row.missing_text()] + [
            f"Bedömning och analys: {row.goal.title}" for row in self.goals if row.is_missing
        ]

    @property
    def has_drafts(self) -> bool:
        return any(row.has_draft for row in self.figures) or any(r.draft for r in self.goals)

    def missing_by_owner(self) -> dict[int | None, list[str]]:
        """What is missing per indicator owner (user id); None for goals and figures
        without an owner, which are the controllers' to fill in."""
        result: dict[int | None, list[str]] = {}
        for row in self.figures:
            if row.missing_periods:
                result.setdefault(row.indicator.owner_id, []).extend(row.missing_text())
        for goal_row in self.goals:
            if goal_row.is_missing:
                result.setdefault(None, []).append(f"Bedömning och analys: {goal_row.goal.title}")
        return result

    def approved_figures(self) -> list[list[Any]]:
        """[indicator id, period] of every figure due here, as FollowUpPeriod keeps them."""
        return [[row.indicator.pk, p] for row in self.figures for p in row.periods]


def follow_up_sheet(committee: Committee, period: str, with_drafts: bool = True) -> FollowUpSheet:
    """The page for one period: only the own indicators due in it, each figure as drafted
    (for those who may edit) or as last marked ready, and every goal running that year with
    its suggestion."""
    previous = previous_period(period)
    follow_up = FollowUpPeriod.objects.filter(committee=committee, period=period).first()
    follow_up = follow_up or FollowUpPeriod(committee=committee, period=period)
    indicators = list(Indicator.objects.for_committee(committee).own().select_related("owner"))
    due = {i.pk: i.periods_due(period) for i in indicators}
    wanted = {p for periods in due.values() for p in periods}
    wanted |= {previous_period(p) for p in wanted}
    approved = {
        (i, p, g): v
        for i, p, g, v in IndicatorValue.objects.filter(
            indicator__in=indicators, municipality=committee.municipality, period__in=wanted
        ).values_list("indicator_id", "period", "gender", "value")
    }
    drafts: dict[tuple[int, str, str], float | None] = {}
    draft_comments: dict[tuple[int, str], str] = {}
    draft_goals: dict[int, DraftAssessment] = {}
    if follow_up.pk and with_drafts:
        drafts = {
            (d.indicator_id, d.period, d.gender): d.value for d in follow_up.draft_values.all()
        }
        draft_comments = {
            (d.indicator_id, d.period): d.text for d in follow_up.draft_comments.all()
        }
        draft_goals = {d.goal_id: d for d in follow_up.draft_assessments.all()}
    comment_periods = {i.pk: _comment_period(period, due[i.pk]) for i in indicators}
    comments = {
        (i, p): text
        for i, p, text in Comment.objects.filter(
            committee=committee, period__in=set(comment_periods.values())
        ).values_list("indicator_id", "period", "text")
    }
    figures = []
    for indicator in indicators:
        if not due[indicator.pk]:
            continue
        genders = GENDERS_OF[indicator.divided_by_gender]
        keys = [(p, g) for p in due[indicator.pk] for g in genders]
        drafted = {(p, g) for p, g in keys if (indicator.pk, p, g) in drafts}
        current = {
            (p, g): drafts[(indicator.pk, p, g)]
            if (p, g) in drafted
            else approved.get((indicator.pk, p, g))
            for p, g in keys
        }
        comment_key = (indicator.pk, comment_periods[indicator.pk])
        figures.append(
            OwnFigureRow(
                indicator=indicator,
                periods=due[indicator.pk],
                genders=genders,
                current=current,
                drafted=drafted,
                previous={
                    (p, g): approved.get((indicator.pk, previous_period(p), g)) for p, g in keys
                },
                comment_period=comment_key[1],
                comment=draft_comments.get(comment_key, comments.get(comment_key, "")),
                comment_drafted=comment_key in draft_comments,
            )
        )
    audience = Audience("editor", drafts=drafts)
    return FollowUpSheet(
        committee=committee,
        period=period,
        previous_period=previous,
        follow_up=follow_up,
        figures=figures,
        goals=_goal_rows(committee, period, previous, draft_goals, audience),
        not_due=[i for i in indicators if not due[i.pk]],
    )


def _comment_period(period: str, figure_periods: list[str]) -> str:
    """A comment sits on its figure (a yearly one on the year), else on the period."""
    return figure_periods[0] if len(figure_periods) == 1 else period


def _goal_rows(
    committee: Committee,
    period: str,
    previous: str,
    drafts: dict[int, DraftAssessment],
    audience: Audience,
) -> list[GoalRow]:
    year = period_year(period)
    assessments = {
        (a.goal_id, a.period): a
        for a in Assessment.objects.filter(goal__committee=committee, period__in=[period, previous])
    }
    goals = list(
        Goal.objects.filter(
            committee=committee, first_year__lte=year, last_year__gte=year
        ).prefetch_related("goal_indicators__indicator")
    )
    goal_indicators = [gi for goal in goals for gi in goal.goal_indicators.all()]
    suggestions = suggestions_for(goal_indicators, committee, year, period, audience)
    return [
        GoalRow(
            goal=goal,
            assessment=assessments.get((goal.pk, period)),
            draft=drafts.get(goal.pk),
            previous=assessments.get((goal.pk, previous)),
            suggestions=[suggestions[gi.pk] for gi in goal.goal_indicators.all()],
        )
        for goal in goals
    ]


# -- which periods: the picker, what is due, what is late -------------------------------------


def recent_periods(today: date, years: int = 2) -> list[str]:
    """The periods to pick from, newest first: the finished quarters and years."""
    periods = []
    for year in range(today.year, today.year - years - 1, -1):
        quarters = [f"{year}Q{q}" for q in range(4, 0, -1)]
        periods += [p for p in quarters if period_bounds(p)[1] < today]
        if year < today.year:
            periods.append(str(year))
    return periods


def uses_tertials(indicators: list[Indicator]) -> bool:
    return any(i.frequency == Frequency.TERTIAL or i.due_in.startswith("T") for i in indicators)


def follow_up_periods(committee: Committee, today: date, years: int = 1) -> list[str]:
    """The committee's finished follow-up periods of the last `years` years, newest first:
    quarters and years, and tertials when one of its own indicators is kept per tertial."""
    periods = recent_periods(today, years)
    indicators = list(Indicator.objects.for_committee(committee).own())
    if uses_tertials(indicators):
        tertials = [
            f"{y}T{t}" for y in range(today.year - years, today.year + 1) for t in (1, 2, 3)
        ]
        periods += [p for p in tertials if period_bounds(p)[1] < today]
    return sorted(periods, key=lambda p: (period_bounds(p)[1], len(p)), reverse=True)


@dataclass(frozen=True)
class LatePeriod:
    period: str
    deadline: date

    @property
    def label(self) -> str:
        return period_label(self.period)


LATE_WINDOW_DAYS = 365  # older periods are history, not a task


def overdue_periods(committee: Committee, today: date) -> list[LatePeriod]:
    """The follow-up periods past their deadline (within the last year) and not marked
    ready, where something was due: an own figure or a goal assessment."""
    ready = set(
        FollowUpPeriod.objects.filter(committee=committee, status="ready").values_list(
            "period", flat=True
        )
    )
    deadlines = dict(
        FollowUpPeriod.objects.filter(committee=committee, deadline__isnull=False).values_list(
            "period", "deadline"
        )
    )
    indicators = list(Indicator.objects.for_committee(committee).own())
    goal_years = list(
        Goal.objects.filter(committee=committee).values_list("first_year", "last_year")
    )
    late = []
    for period in follow_up_periods(committee, today):
        if period in ready:
            continue
        deadline = (
            deadlines.get(period)
            or FollowUpPeriod(committee=committee, period=period).effective_deadline()
        )
        year = period_year(period)
        due = any(i.periods_due(period) for i in indicators) or any(
            first <= year <= last for first, last in goal_years
        )
        if due and today > deadline and (today - deadline).days <= LATE_WINDOW_DAYS:
            late.append(LatePeriod(period, deadline))
    return late


def controllers_of(committee: Committee) -> list[Any]:
    """The committee's controllers (active users), for reminders."""
    return [
        role.user
        for role in CommitteeRole.objects.filter(
            committee=committee, role=Role.CONTROLLER, user__is_active=True
        ).select_related("user")
    ]
