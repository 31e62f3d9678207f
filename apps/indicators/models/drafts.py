"""Drafts: what a controller saved for a follow-up period that is not yet marked ready.

The domain tables (IndicatorValue, Comment, Assessment) hold only what was marked ready,
so every reader — the politicians' pages, the public pages, the report, the exports, the
admin — sees the last ready figures without a filter to forget. A draft row is a pending
change; marking the period ready applies it and deletes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .goals import FollowUpPeriod, Goal, Signal
from .values import Indicator, IndicatorValue


class DraftValue(models.Model):
    """An own figure as saved in a draft; None empties the figure when marked ready."""

    follow_up = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="draft_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("period", max_length=7)  # the figure's own: 2025Q3, 2025, 2025M07
    gender = models.CharField("kön", max_length=1, choices=IndicatorValue.Gender.choices)
    value = models.FloatField("värde", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "utkast till värde"
        verbose_name_plural = "utkast till värden"
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "indicator", "period", "gender"], name="unique_draft_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.gender}: {self.value} (utkast)"


class DraftComment(models.Model):
    """A comment as saved in a draft; an empty text removes the comment when marked ready."""

    follow_up = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="draft_comments"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("period", max_length=7)
    text = models.TextField("kommentar", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "utkast till kommentar"
        verbose_name_plural = "utkast till kommentarer"
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "indicator", "period"], name="unique_draft_comment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} (utkast)"


class DraftAssessment(models.Model):
    """A goal's assessment and analysis as saved in a draft."""

    follow_up = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="draft_assessments"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    signal = models.CharField("bedömning", max_length=10, choices=Signal.choices, blank=True)
    analysis = models.TextField("analys", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "utkast till bedömning"
        verbose_name_plural = "utkast till bedömningar"
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "goal"], name="unique_draft_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.follow_up.period} (utkast)"
