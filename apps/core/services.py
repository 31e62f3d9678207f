"""Writes of the core app."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from apps.core.models import Heartbeat


def heartbeat_record(*, name: str, at: datetime | None = None) -> Heartbeat:
    """Store that the process `name` was alive at `at` (now by default)."""
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": at or timezone.now()}
    )
    return heartbeat
