"""Thin Celery tasks: take ids, call the import service.

Imports are acknowledged late (a task whose worker dies is delivered again) and idempotent:
a task for a run that already ended does nothing, and a rerun writes the same data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import shared_task
from django.utils.module_loading import import_string

from apps.imports.lifecycle import run_start, stalled_runs_fail
from apps.imports.models import ImportRun
from apps.imports.services import kolada_fetch, kolada_import_files, kolada_refresh_committee
from apps.imports.uploads import stored_upload, stored_upload_delete
from apps.organisations.models import Committee

IMPORT_LIMITS: dict[str, Any] = {
    "time_limit": 2 * 60 * 60,
    "soft_time_limit": 2 * 60 * 60 - 60,
    "acks_late": True,
    "reject_on_worker_lost": True,
}


@shared_task(**IMPORT_LIMITS)
def run_kolada_fetch(run_id: int) -> str:
    run = ImportRun.objects.get(pk=run_id)
    if run.is_finished:
        return str(run.status)
    return str(kolada_fetch(run=run).status)


@shared_task(**IMPORT_LIMITS)
def run_kolada_files(run_id: int, paths: list[str]) -> str:
    run = ImportRun.objects.get(pk=run_id)
    if run.is_finished:
        return str(run.status)
    return str(kolada_import_files(run=run, paths=[Path(p) for p in paths]).status)


@shared_task(time_limit=120, soft_time_limit=100)
def fail_stalled_runs() -> list[int]:
    """The schedule's net under dead workers: runs without a heartbeat end as failed."""
    return stalled_runs_fail()


@shared_task(time_limit=300, soft_time_limit=280)
def refresh_all_committees() -> list[int]:
    """The nightly schedule: one refresh run per committee that follows Kolada KPIs."""
    run_ids = []
    for committee in Committee.objects.all():
        run = kolada_refresh_committee(committee=committee, trigger=ImportRun.Trigger.SCHEDULE)
        if run.status == ImportRun.Status.PENDING and run_start(run, run_kolada_fetch):
            run_ids.append(run.pk)
    return run_ids


# The service that reads an uploaded file of each kind: (committee, path, run, name) → run.
UPLOAD_SERVICES = {
    ImportRun.Kind.LEDGER: "apps.budget.services.ledger_import",
    ImportRun.Kind.INVESTMENTS: "apps.budget.services.investments_import",
    ImportRun.Kind.DECISIONS: "apps.decisions.services.decisions_import",
}


@shared_task(
    time_limit=30 * 60, soft_time_limit=29 * 60, acks_late=True, reject_on_worker_lost=True
)
def run_uploaded_file(run_id: int) -> str:
    """Read a file uploaded in the browser through its import service, then delete it (a
    worker killed midway leaves it, so the redelivered task can read it again)."""
    run = ImportRun.objects.select_related("committee").get(pk=run_id, committee__isnull=False)
    assert run.committee is not None
    if run.is_finished:
        stored_upload_delete(run)
        return str(run.status)
    service = import_string(UPLOAD_SERVICES[ImportRun.Kind(run.kind)])
    with stored_upload(run) as path:
        status = service(
            committee=run.committee, path=path, run=run, name=run.parameters["file"]
        ).status
    stored_upload_delete(run)
    return str(status)
