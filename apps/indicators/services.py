"""Writes of the indicators app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from apps.imports.kolada.payloads import ValueRow
from apps.indicators.models import Assessment, Comment, FollowUpPeriod, IndicatorValue
from apps.indicators.value_store import MemoryValueStore, MergeCounts
from apps.organisations.models import Committee, ComparisonGroup


@transaction.atomic
def own_group_means_refresh(*, indicator_ids: Iterable[int]) -> MergeCounts:
    """Recompute committee-defined groups as the unweighted mean of their members.

    1. For every own group and indicator, take the members' values per period and gender
       (missing values do not count and do not pull the mean towards 0).
    2. Store the mean with the number of members behind it, labelled as computed.
    3. A period where no member has a value gets no group value (missing stays missing).
    """
    ids = list(indicator_ids)
    rows: list[ValueRow] = []
    for group in ComparisonGroup.objects.filter(kind=ComparisonGroup.Kind.OWN).prefetch_related(
        "members"
    ):
        means = (
            IndicatorValue.objects.filter(
                indicator_id__in=ids, municipality__in=group.members.all(), value__isnull=False
            )
            .values("indicator__code", "period", "gender")
            .annotate(mean=Avg("value"), members=Count("id"))
        )
        rows.extend(
            ValueRow(
                kpi=m["indicator__code"],
                unit=group.code,
                period=m["period"],
                gender=m["gender"],
                value=m["mean"],
                status="",
                members=m["members"],
                deleted=False,
                row=0,
            )
            for m in means
        )
    store = MemoryValueStore()
    store.add(rows)
    return store.merge(source=IndicatorValue.Source.COMPUTED)


@dataclass
class FollowUpInput:
    """What the controller entered for a period (already checked by the form)."""

    values: dict[tuple[int, str], Decimal | None] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    assessments: dict[int, tuple[str, str]] = field(default_factory=dict)


@transaction.atomic
def follow_up_save(
    *, committee: Committee, period: str, user: User, data: FollowUpInput, mark_ready: bool
) -> FollowUpPeriod:
    """Save a period's own figures, comments and goal assessments as a draft, or as ready.

    Only what changed is written, so the history shows real changes: an emptied figure or
    comment is deleted (the history keeps it), a new one created, a different one updated.
    """
    for (indicator_id, gender), value in data.values.items():
        _save_value(committee, period, indicator_id, gender, value)
    for indicator_id, text in data.comments.items():
        _save_comment(committee, period, indicator_id, text.strip(), user)
    status = Assessment.Status.READY if mark_ready else Assessment.Status.DRAFT
    for goal_id, (signal, analysis) in data.assessments.items():
        assessment = Assessment.objects.filter(goal_id=goal_id, period=period).first()
        if assessment is None:
            if signal or analysis.strip():
                Assessment.objects.create(
                    goal_id=goal_id,
                    period=period,
                    signal=signal,
                    analysis=analysis.strip(),
                    author=user,
                    status=status,
                )
        elif (assessment.signal, assessment.analysis, assessment.status) != (
            signal,
            analysis.strip(),
            status,
        ):
            assessment.signal, assessment.analysis = signal, analysis.strip()
            assessment.status, assessment.author = status, user
            assessment.save()
    follow_up, _ = FollowUpPeriod.objects.get_or_create(committee=committee, period=period)
    new_status = FollowUpPeriod.Status.READY if mark_ready else FollowUpPeriod.Status.OPEN
    if follow_up.status != new_status:
        follow_up.status = new_status
        follow_up.marked_ready_by = user if mark_ready else None
        follow_up.marked_ready_at = timezone.now() if mark_ready else None
        follow_up.save()
    return follow_up


def _save_value(
    committee: Committee, period: str, indicator_id: int, gender: str, value: Decimal | None
) -> None:
    current = IndicatorValue.objects.filter(
        indicator_id=indicator_id, municipality=committee.municipality, period=period, gender=gender
    ).first()
    if value is None:
        if current is not None:
            current.delete()
        return
    if current is None:
        IndicatorValue.objects.create(
            indicator_id=indicator_id,
            municipality=committee.municipality,
            period=period,
            gender=gender,
            value=float(value),
            source=IndicatorValue.Source.OWN,
            count=1,
        )
    elif current.value != float(value):
        current.value, current.source, current.changed_at = float(value), "own", timezone.now()
        current.save()


def _save_comment(
    committee: Committee, period: str, indicator_id: int, text: str, user: User
) -> None:
    current = Comment.objects.filter(
        committee=committee, indicator_id=indicator_id, period=period
    ).first()
    if not text:
        if current is not None:
            current.delete()
    elif current is None:
        Comment.objects.create(
            committee=committee, indicator_id=indicator_id, period=period, text=text, author=user
        )
    elif current.text != text:
        current.text, current.author = text, user
        current.save()
