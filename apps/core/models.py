"""Small shared models: a time-stamped base and the scheduler heartbeat."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """Abstract base with creation and change times."""

    created_at = models.DateTimeField("skapad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        abstract = True


class Heartbeat(models.Model):
    """The last time a background process (beat, worker) proved it was alive."""

    name = models.CharField("process", max_length=50, unique=True)
    seen_at = models.DateTimeField("senast sedd")

    class Meta:
        verbose_name = "livstecken"
        verbose_name_plural = "livstecken"

    def __str__(self) -> str:
        return f"{self.name} @ {timezone.localtime(self.seen_at):%Y-%m-%d %H:%M:%S}"
