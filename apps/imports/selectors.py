"""Reads of the imports app."""

from __future__ import annotations

from apps.imports.models import ImportRun
from apps.organisations.models import Committee


def last_scheduled_refresh(committee: Committee) -> ImportRun | None:
    return (
        ImportRun.objects.for_committee(committee)
        .filter(kind=ImportRun.Kind.KOLADA_API, trigger=ImportRun.Trigger.SCHEDULE)
        .exclude(status__in=[ImportRun.Status.PENDING, ImportRun.Status.RUNNING])
        .order_by("-queued_at", "-id")
        .first()
    )


def failed_scheduled_refresh(committee: Committee) -> ImportRun | None:
    """The last scheduled Kolada refresh, if it failed (the committee pages show a banner)."""
    run = last_scheduled_refresh(committee)
    return run if run and run.status == ImportRun.Status.FAILED else None
