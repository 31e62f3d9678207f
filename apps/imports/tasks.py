"""Thin Celery tasks: take ids, call the import service."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from celery import shared_task
from django.db import transaction
from django.utils.module_loading import import_string

from apps.imports.models import ImportRun
from apps.imports.services import kolada_fetch, kolada_import_files, kolada_refresh_committee
from apps.organisations.models import Committee

IMPORT_LIMITS = {"time_limit": 2 * 60 * 60, "soft_time_limit": 2 * 60 * 60 - 60}


@shared_task(**IMPORT_LIMITS)
def run_kolada_fetch(run_id: int) -> str:
    return kolada_fetch(run=ImportRun.objects.get(pk=run_id)).status


@shared_task(**IMPORT_LIMITS)
def run_kolada_files(run_id: int, paths: list[str]) -> str:
    run = ImportRun.objects.get(pk=run_id)
    return kolada_import_files(run=run, paths=[Path(p) for p in paths]).status


@shared_task(time_limit=300, soft_time_limit=280)
def refresh_all_committees() -> list[int]:
    """The nightly schedule: one refresh run per committee that follows Kolada KPIs."""
    run_ids = []
    for committee in Committee.objects.all():
        run = kolada_refresh_committee(committee=committee, trigger=ImportRun.Trigger.SCHEDULE)
        if run.status == ImportRun.Status.PENDING:
            transaction.on_commit(partial(run_kolada_fetch.delay, run.pk))
            run_ids.append(run.pk)
    return run_ids


# The service that reads an uploaded file of each kind: (committee, path, run, name) → run.
UPLOAD_SERVICES = {
    ImportRun.Kind.LEDGER: "apps.budget.services.ledger_import",
    ImportRun.Kind.DECISIONS: "apps.decisions.services.decisions_import",
}


@shared_task(time_limit=30 * 60, soft_time_limit=29 * 60)
def run_uploaded_file(run_id: int) -> str:
    """Read a file uploaded in the browser through its import service, then delete it."""
    run = ImportRun.objects.select_related("committee").get(pk=run_id, committee__isnull=False)
    assert run.committee is not None
    service = import_string(UPLOAD_SERVICES[ImportRun.Kind(run.kind)])
    path = Path(run.parameters["stored"])
    try:
        return str(
            service(committee=run.committee, path=path, run=run, name=run.parameters["file"]).status
        )
    finally:
        path.unlink(missing_ok=True)
