"""Writes of the indicators app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from apps.indicators.models import (
    Assessment,
    Comment,
    DraftAssessment,
    DraftComment,
    DraftValue,
    FollowUpPeriod,
    IndicatorValue,
)
from apps.indicators.value_store import MemoryValueStore, MergeCounts, ValueRow
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

    values: dict[tuple[int, str, str], Decimal | None] = field(default_factory=dict)
    comments: dict[tuple[int, str], str] = field(default_factory=dict)
    assessments: dict[int, tuple[str, str]] = field(default_factory=dict)


class FollowUpError(Exception):
    """A step the period's state does not allow; the message is for the user."""


PERIOD_IS_READY = "Perioden är markerad som klar. Öppna den igen (med ett skäl) för att ändra."
REOPEN_NEEDS_REASON = "Skriv varför perioden öppnas igen; skälet sparas i historiken."
NOT_READY_TO_PUBLISH = "Bara en period som är markerad som klar kan publiceras."


@transaction.atomic
def follow_up_save(
    *,
    committee: Committee,
    period: str,
    user: User,
    data: FollowUpInput,
    mark_ready: bool,
    approved_figures: list[list[Any]] | None = None,
) -> FollowUpPeriod:
    """Save a period's own figures, comments and goal assessments as a draft, then mark
    the period ready if asked.

    1. A ready period is not changed (it must be reopened first).
    2. What differs from what was last marked ready is kept as a draft; what equals it
       removes the draft. Only changes are written, so the history shows real changes.
    3. Readers keep seeing the last ready figures until the period is marked ready.
    """
    follow_up, _ = FollowUpPeriod.objects.select_for_update().get_or_create(
        committee=committee, period=period
    )
    if follow_up.is_ready:
        raise FollowUpError(PERIOD_IS_READY)
    ready_values = {
        (i, p, g): v
        for i, p, g, v in IndicatorValue.objects.filter(
            indicator_id__in={i for i, _, _ in data.values},
            municipality=committee.municipality,
            period__in={p for _, p, _ in data.values},
        ).values_list("indicator_id", "period", "gender", "value")
    }
    for (indicator_id, figure_period, gender), value in data.values.items():
        approved = ready_values.get((indicator_id, figure_period, gender))
        wanted = None if value is None else float(value)
        _keep_draft(
            DraftValue,
            {
                "follow_up": follow_up,
                "indicator_id": indicator_id,
                "period": figure_period,
                "gender": gender,
            },
            {"value": wanted},
            differs=wanted != approved,
            user=user,
        )
    ready_comments = {
        (i, p): t
        for i, p, t in Comment.objects.filter(
            committee=committee, period__in={p for _, p in data.comments}
        ).values_list("indicator_id", "period", "text")
    }
    for (indicator_id, comment_period), text in data.comments.items():
        _keep_draft(
            DraftComment,
            {"follow_up": follow_up, "indicator_id": indicator_id, "period": comment_period},
            {"text": text.strip()},
            differs=text.strip() != ready_comments.get((indicator_id, comment_period), ""),
            user=user,
        )
    ready_assessments = {
        a.goal_id: (a.signal, a.analysis)
        for a in Assessment.objects.filter(goal_id__in=data.assessments, period=period)
    }
    for goal_id, (signal, analysis) in data.assessments.items():
        _keep_draft(
            DraftAssessment,
            {"follow_up": follow_up, "goal_id": goal_id},
            {"signal": signal, "analysis": analysis.strip()},
            differs=(signal, analysis.strip()) != ready_assessments.get(goal_id, ("", "")),
            user=user,
        )
    if mark_ready:
        follow_up_mark_ready(follow_up=follow_up, user=user, approved_figures=approved_figures)
    return follow_up


def _keep_draft(
    model: Any, key: dict[str, Any], fields: dict[str, Any], *, differs: bool, user: User
) -> None:
    """Create, update or delete one draft row so that it holds exactly the pending change."""
    current = model.objects.filter(**key).first()
    if not differs:
        if current is not None:
            current.delete()
        return
    if current is None:
        model.objects.create(**key, **fields, author=user)
    elif any(getattr(current, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(current, name, value)
        current.author = user
        current.save()


@transaction.atomic
def follow_up_mark_ready(
    *, follow_up: FollowUpPeriod, user: User, approved_figures: list[list[Any]] | None = None
) -> FollowUpPeriod:
    """Mark a period ready: its drafts become what readers see, and who and when is kept.

    1. Every draft value, comment and assessment is written to the domain tables (each
       write in their history) and the draft deleted.
    2. The period records who marked it ready and when, and which figures it approved.
    3. The committee publishes on ready, or the period waits for the Publicera button.
    """
    if follow_up.is_ready:  # already ready: who and when stay as they were
        return follow_up
    committee = follow_up.committee
    for draft in follow_up.draft_values.all():
        _save_value(committee, draft.period, draft.indicator_id, draft.gender, draft.value)
    for comment in follow_up.draft_comments.all():
        _save_comment(committee, comment.period, comment.indicator_id, comment.text, user)
    for assessment in follow_up.draft_assessments.all():
        _save_assessment(assessment.goal_id, follow_up.period, assessment, user)
    keys = {tuple(k) for k in follow_up.approved_figures}
    keys |= {(d.indicator_id, d.period) for d in follow_up.draft_values.all()}
    keys |= {tuple(k) for k in approved_figures or []}
    follow_up.draft_values.all().delete()
    follow_up.draft_comments.all().delete()
    follow_up.draft_assessments.all().delete()
    follow_up.status = FollowUpPeriod.Status.READY
    follow_up.marked_ready_by, follow_up.marked_ready_at = user, timezone.now()
    follow_up.approved_figures = sorted([int(i), str(p)] for i, p in keys)
    if committee.publish_mode == Committee.PublishMode.ON_READY:
        follow_up.published_by, follow_up.published_at = user, timezone.now()
    else:
        follow_up.published_by, follow_up.published_at = None, None
    follow_up._history_user = user  # type: ignore[attr-defined]
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_reopen(*, follow_up: FollowUpPeriod, user: User, reason: str) -> FollowUpPeriod:
    """Open a ready period again, with a reason kept in its history. Readers (and the
    public, if it was published) keep the last ready figures until it is ready again."""
    if not reason.strip():
        raise FollowUpError(REOPEN_NEEDS_REASON)
    if not follow_up.is_ready:
        return follow_up
    follow_up.status = FollowUpPeriod.Status.OPEN
    follow_up.reopen_reason = reason.strip()
    follow_up._history_user = user  # type: ignore[attr-defined]
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_publish(*, follow_up: FollowUpPeriod, user: User) -> FollowUpPeriod:
    """Publish a ready period: its figures and assessments appear on the public pages."""
    if not follow_up.is_ready:
        raise FollowUpError(NOT_READY_TO_PUBLISH)
    if follow_up.published_at is None:
        follow_up.published_by, follow_up.published_at = user, timezone.now()
        follow_up._history_user = user  # type: ignore[attr-defined]
        follow_up.save()
    return follow_up


def _save_assessment(goal_id: int, period: str, draft: DraftAssessment, user: User) -> None:
    assessment = Assessment.objects.filter(goal_id=goal_id, period=period).first()
    ready = Assessment.Status.READY
    if assessment is None:
        if draft.signal or draft.analysis:
            Assessment.objects.create(
                goal_id=goal_id,
                period=period,
                signal=draft.signal,
                analysis=draft.analysis,
                author=user,
                status=ready,
            )
    elif (assessment.signal, assessment.analysis) != (draft.signal, draft.analysis):
        assessment.signal, assessment.analysis = draft.signal, draft.analysis
        assessment.status, assessment.author = ready, user
        assessment.save()


def _save_value(
    committee: Committee, period: str, indicator_id: int, gender: str, value: float | None
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
            value=value,
            source=IndicatorValue.Source.OWN,
            count=1,
        )
    elif current.value != value:
        current.value, current.source, current.changed_at = value, "own", timezone.now()
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
