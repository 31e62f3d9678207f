"""Reads of the indicators app."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from apps.core.periods import period_bounds, period_kind, period_label, period_year
from apps.indicators.models import (
    DraftAssessment,
    DraftComment,
    DraftValue,
    FollowUpPeriod,
    GoalIndicator,
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
    "source",
]
EXPORT_HEADINGS = {
    "kpi": "Nyckeltal",
    "municipality": "Kommun eller grupp",
    "period": "Period",
    "gender": "Kön",
    "value": "Värde",
    "status": "Status",
    "count": "Antal",
    "preliminary": "Preliminärt",
    "source": "Källa",
}


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
        "source",
        "source_name",
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
            "source": value_source_label(source, source_name),
        }
        for (
            municipality,
            group,
            period,
            gender,
            value,
            status,
            count,
            preliminary,
            source,
            source_name,
        ) in columns
    ]
    rows.sort(key=lambda row: (row["municipality"], row["period"], row["gender"]))
    return rows


SOURCE_LABELS = {
    IndicatorValue.Source.KOLADA: "Kolada",
    IndicatorValue.Source.OWN: "Egen inmatning",
    IndicatorValue.Source.COMPUTED: "Ovägt medel, beräknat av Nämndkollen",
    IndicatorValue.Source.DOCUMENT: "Nämndens dokument",
}


def value_source_label(source: str, source_name: str = "") -> str:
    """Where a value comes from, in words: a document's own name when it has one."""
    if source_name:
        return source_name
    return SOURCE_LABELS.get(source, source)  # type: ignore[call-overload]


# -- who reads: drafts for editors, published periods for the public -------------------------


@dataclass(frozen=True)
class Audience:
    """Whose eyes a page is for.

    Readers (politicians, rapportörer, the report, every export) see what was marked ready —
    which is all the domain tables hold. The public sees less: own figures, comments and
    assessments of a ready period only once it is published. Editors (controllers,
    administrators) see more: their drafts, marked "Utkast".
    """

    kind: str = "reader"  # "reader", "public" or "editor"
    hidden: frozenset[tuple[int, str]] = frozenset()  # (indicator id, period), unpublished
    hidden_periods: frozenset[str] = frozenset()  # follow-up periods, unpublished
    drafts: Mapping[tuple[int, str, str], float | None] = field(default_factory=dict)
    draft_comments: Mapping[tuple[int, str], str] = field(default_factory=dict)
    draft_assessments: Mapping[int, DraftAssessment] = field(default_factory=dict)

    @property
    def is_editor(self) -> bool:
        return self.kind == "editor"

    def hides(self, indicator_id: int, period: str) -> bool:
        return (indicator_id, period) in self.hidden


READERS = Audience()


def audience_for(committee: Committee, kind: str) -> Audience:
    """The audience of one committee's pages: one query for the public, three for editors,
    none for readers."""
    if kind == "public":
        unpublished = FollowUpPeriod.objects.filter(
            committee=committee, published_at__isnull=True, marked_ready_at__isnull=False
        ).values_list("period", "approved_figures")
        hidden: set[tuple[int, str]] = set()
        periods = set()
        for period, figures in unpublished:
            periods.add(period)
            hidden.update((int(indicator_id), str(p)) for indicator_id, p in figures)
        return Audience("public", frozenset(hidden), frozenset(periods))
    if kind == "editor":
        open_periods = {"follow_up__committee": committee, "follow_up__status": "open"}
        return Audience(
            "editor",
            drafts={
                (d.indicator_id, d.period, d.gender): d.value
                for d in DraftValue.objects.filter(**open_periods)
            },
            draft_comments={
                (d.indicator_id, d.period): d.text
                for d in DraftComment.objects.filter(**open_periods)
            },
            draft_assessments={
                d.goal_id: d
                for d in DraftAssessment.objects.filter(**open_periods).select_related("follow_up")
            },
        )
    return READERS


# -- the suggested status of a goal indicator: like with like ---------------------------------


@dataclass(frozen=True)
class Suggestion:
    """What the figures say about one goal indicator: met, not met or no data."""

    goal_indicator: GoalIndicator
    status: str  # "met", "not_met", "no_data"
    value: float | None = None
    value_period: str | None = None
    target: float | None = None
    year_to_date: str = ""  # the last part summed, when the value is a year-to-date sum
    draft: bool = False

    @property
    def label(self) -> str:
        return SUGGESTION_LABELS[self.status]

    @property
    def period_text(self) -> str:
        """ "2024", or "2025 hittills i år (t.o.m. kvartal 2)" for a cumulative figure."""
        if self.year_to_date:
            return f"{self.value_period} hittills i år (t.o.m. {period_label(self.year_to_date)})"
        return self.value_period or ""


SUGGESTION_LABELS = {"met": "Uppfyllt", "not_met": "Ej uppfyllt", "no_data": "Inga data"}
PART_OF = {"month": "M", "quarter": "Q", "tertial": "T"}


def suggested_status(
    goal_indicator: GoalIndicator,
    committee: Committee,
    year: int,
    until: str | None = None,
    audience: Audience = READERS,
) -> Suggestion:
    return suggestions_for([goal_indicator], committee, year, until, audience)[goal_indicator.pk]


def suggestions_for(
    goal_indicators: list[GoalIndicator],
    committee: Committee,
    year: int,
    until: str | None = None,
    audience: Audience = READERS,
) -> dict[int, Suggestion]:
    """What the figures say about each goal indicator, comparing like with like (goal
    indicator id → Suggestion), in two queries.

    1. A yearly target is compared with a yearly value: the year's own if there is one.
    2. Else, for an indicator marked cumulative, with the sum of the year's parts so far
       (quarters, tertials or months, up to `until`), labelled "hittills i år".
    3. Else with the latest yearly value before, against the target of that value's year
       (or the latest target before it). A quarter's value is never set against a target
       for the year.
    """
    values: dict[tuple[int, str], float] = {}
    drafted: set[tuple[int, str]] = set()
    for indicator_id, period, value in IndicatorValue.objects.filter(
        indicator__in={gi.indicator_id for gi in goal_indicators},
        municipality=committee.municipality,
        gender=IndicatorValue.Gender.TOTAL,
        value__isnull=False,
        period__lt=str(year + 1),
    ).values_list("indicator_id", "period", "value"):
        if value is not None and not audience.hides(indicator_id, period):
            values[(indicator_id, period)] = value
    for (indicator_id, period, gender), value in audience.drafts.items():
        if gender == "T" and period[:4] <= str(year):
            values.pop((indicator_id, period), None)
            if value is not None:
                values[(indicator_id, period)] = value
                drafted.add((indicator_id, period))
    targets: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for goal_indicator_id, target_year, target_value in (
        Target.objects.filter(goal_indicator__in=goal_indicators)
        .order_by("year")
        .values_list("goal_indicator_id", "year", "value")
    ):
        targets[goal_indicator_id].append((target_year, target_value))
    suggestions = {}
    for gi in goal_indicators:
        found = _comparable_value(gi, values, year, until)
        if found is None:
            suggestions[gi.pk] = Suggestion(gi, "no_data")
            continue
        period, value, year_to_date, parts = found
        draft = any((gi.indicator_id, p) in drafted for p in parts)
        before = [t for y, t in targets[gi.pk] if y <= period_year(period)]
        if not before:
            suggestions[gi.pk] = Suggestion(gi, "no_data", value, period, None, year_to_date, draft)
            continue
        status = "met" if gi.is_met(value, before[-1]) else "not_met"
        suggestions[gi.pk] = Suggestion(gi, status, value, period, before[-1], year_to_date, draft)
    return suggestions


def _comparable_value(
    gi: GoalIndicator, values: dict[tuple[int, str], float], year: int, until: str | None
) -> tuple[str, float, str, list[str]] | None:
    """(year, value, last part summed or "", the periods behind it) — see suggestions_for."""
    indicator = gi.indicator
    mine = {p: v for (i, p), v in values.items() if i == gi.indicator_id}
    if str(year) in mine:
        return str(year), mine[str(year)], "", [str(year)]
    kind = PART_OF.get(indicator.frequency)
    if indicator.cumulative and kind:
        parts = sorted(
            p
            for p in mine
            if p[:4] == str(year)
            and period_kind(p) == kind
            and (until is None or period_bounds(p)[1] <= period_bounds(until)[1])
        )
        if parts:
            return str(year), sum(mine[p] for p in parts), parts[-1], parts
    yearly = sorted(p for p in mine if len(p) == 4)
    if yearly:
        return yearly[-1], mine[yearly[-1]], "", [yearly[-1]]
    return None
