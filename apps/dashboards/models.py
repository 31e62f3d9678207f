"""A committee report built in the background: asked for, built by a Celery task with its
progress, and kept as a file for those who may read the committee (never served from
MEDIA_URL: only the report views hand it out)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.organisations.models import Committee


def report_path(run: ReportRun, filename: str) -> str:
    """reports/<committee id>/<random>.<format>: a name nobody can guess."""
    return f"reports/{run.committee_id}/{uuid.uuid4().hex}.{run.format}"


# A report not finished this long after it was asked for will not be: its worker died or
# none took it (the task's own time limit is 15 minutes).
STALLED_AFTER = timedelta(minutes=20)
STALLED = (
    "Rapporten blev aldrig klar: ingen bakgrundsarbetare gjorde färdigt den. Ta fram den på nytt."
)


class ReportRun(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    class Status(models.TextChoices):
        PENDING = "pending", "väntar"
        RUNNING = "running", "pågår"
        SUCCEEDED = "succeeded", "klar"
        FAILED = "failed", "misslyckades"

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="report_runs", verbose_name="nämnd"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beställd av",
    )
    period = models.CharField("period", max_length=7)
    format = models.CharField("format", max_length=4, choices=Format.choices)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField("förlopp (%)", default=0)
    step = models.CharField("steg", max_length=100, blank=True)
    file = models.FileField("fil", upload_to=report_path, blank=True)
    error = models.TextField("fel", blank=True)
    queued_at = models.DateTimeField("beställd", default=timezone.now)
    finished_at = models.DateTimeField("klar", null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = "nämndrapport"
        verbose_name_plural = "nämndrapporter"
        indexes = [models.Index(fields=["committee", "period", "format", "-queued_at"])]

    def __str__(self) -> str:
        return (
            f"Nämndrapport {self.period} ({self.get_format_display()}, {self.get_status_display()})"
        )

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def is_stalled(self) -> bool:
        return not self.is_finished and self.queued_at < timezone.now() - STALLED_AFTER

    @property
    def is_waiting(self) -> bool:
        """Still being built (or waiting for a worker): its page refreshes itself."""
        return not self.is_finished and not self.is_stalled
