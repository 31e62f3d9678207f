"""Thin Celery task: read an uploaded decision register through the import service."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task

from apps.decisions.services import decisions_import
from apps.imports.models import ImportRun


@shared_task(time_limit=30 * 60, soft_time_limit=29 * 60)
def run_decisions_import(run_id: int) -> str:
    run = ImportRun.objects.select_related("committee").get(pk=run_id, committee__isnull=False)
    assert run.committee is not None
    path = Path(run.parameters["stored"])
    try:
        return decisions_import(
            committee=run.committee, path=path, run=run, name=run.parameters["file"]
        ).status
    finally:
        path.unlink(missing_ok=True)
