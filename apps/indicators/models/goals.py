"""Goals with indicators and targets, the controllers' assessments, comments and periods."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.core.periods import period_bounds
from apps.organisations.models import Committee

from .values import Indicator


class Goal(TimeStampedModel):
    """A goal the committee has set for a budget period, serving a kommunfullmäktige goal."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="goals", verbose_name="nämnd"
    )
    title = models.CharField("mål", max_length=400)
    description = models.TextField("beskrivning", blank=True)
    kf_goal = models.CharField("kommunfullmäktiges mål", max_length=400, blank=True)
    first_year = models.PositiveSmallIntegerField("från år")
    last_year = models.PositiveSmallIntegerField("till år")
    order = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = "mål"
        verbose_name_plural = "mål"
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")), name="goal_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GoalIndicator(models.Model):
    """An indicator that measures a goal, and which way is good."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "minst"
        AT_MOST = "at_most", "högst"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="goal_indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField("riktning", max_length=10, choices=Direction.choices)
    order = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "order", "pk"]
        verbose_name = "målindikator"
        verbose_name_plural = "målindikatorer"
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator"], name="unique_indicator_per_goal")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.get_direction_display()})"

    def is_met(self, value: float, target: float) -> bool:
        if self.direction == self.Direction.AT_LEAST:
            return value >= target
        return value <= target


class Target(models.Model):
    """The target (målvärde) of a goal indicator for one year."""

    goal_indicator = models.ForeignKey(
        GoalIndicator, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("år")
    value = models.FloatField("målvärde")
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal_indicator", "year"]
        verbose_name = "målvärde"
        verbose_name_plural = "målvärden"
        constraints = [
            models.UniqueConstraint(
                fields=["goal_indicator", "year"], name="unique_target_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal_indicator}: {self.value} ({self.year})"


class Signal(models.TextChoices):
    NOT_MET = "ej", "Ej uppfyllt"
    PARTLY = "delvis", "Delvis uppfyllt"
    MET = "helt", "Helt uppfyllt"


class Assessment(TimeStampedModel):
    """The controller's assessment of a goal for a period, with the analysis text."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Utkast"
        READY = "ready", "Klar"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    period = models.CharField("period", max_length=7)
    signal = models.CharField("bedömning", max_length=10, choices=Signal.choices, blank=True)
    analysis = models.TextField("analys", blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default="draft")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "period"]
        verbose_name = "bedömning"
        verbose_name_plural = "bedömningar"
        constraints = [
            models.UniqueConstraint(fields=["goal", "period"], name="unique_assessment_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.goal} {self.period}: {self.get_signal_display() or '–'}"


class Comment(TimeStampedModel):
    """Analysis text on an indicator for a period; shown on its chart and in the report."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comments")
    period = models.CharField("period", max_length=7)
    text = models.TextField("kommentar")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "indicator", "period"]
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "indicator", "period"], name="unique_comment_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}"


class FollowUpPeriod(models.Model):
    """A committee's follow-up period: its deadline, whether it is ready and published.

    Readers see an own figure, comment or assessment only once its period has been marked
    ready (until then it is a draft, see drafts.py); the public only once it is published.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Pågår"
        READY = "ready", "Klar"

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="follow_up_periods"
    )
    period = models.CharField("period", max_length=7)
    deadline = models.DateField("sista dag", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default="open")
    marked_ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_ready_at = models.DateTimeField("senast markerad som klar", null=True, blank=True)
    reopen_reason = models.TextField("skäl att öppna igen", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("publicerad", null=True, blank=True)
    # [indicator id, period] of every own figure marked ready here: what the public must not
    # see while the period is unpublished (a yearly figure "2025" may be due in 2025Q4).
    approved_figures = models.JSONField("klarmarkerade värden", default=list, blank=True)
    last_reminder_on = models.DateField("senaste påminnelse", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-period"]
        verbose_name = "uppföljningsperiod"
        verbose_name_plural = "uppföljningsperioder"
        constraints = [
            models.UniqueConstraint(fields=["committee", "period"], name="unique_follow_up_period")
        ]

    def __str__(self) -> str:
        return f"{self.committee.slug} {self.period}"

    def effective_deadline(self) -> date:
        """The period's own deadline, or the committee's number of days after the period."""
        days = self.committee.follow_up_deadline_days
        return self.deadline or period_bounds(self.period)[1] + timedelta(days)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, today: date) -> bool:
        return not self.is_ready and today > self.effective_deadline()

    def status_text(self, today: date) -> str:
        """ "Pågår", "Klar" or "Försenad – sista dag var 2025-10-15"."""
        if self.is_ready:
            return "Klar"
        if self.is_overdue(today):
            return f"Försenad – sista dag var {self.effective_deadline():%Y-%m-%d}"
        return "Pågår"
