"""The committee report's thin Celery task: take the run's id, call the report service.

The same task builds PDF and Word. A task for a run that already ended does nothing.
"""

from __future__ import annotations

from celery import shared_task

from apps.dashboards.models import ReportRun
from apps.dashboards.report import report_run_build


@shared_task(
    time_limit=15 * 60, soft_time_limit=14 * 60, acks_late=True, reject_on_worker_lost=True
)
def build_report(run_id: int) -> str:
    run = ReportRun.objects.select_related("committee__municipality").get(pk=run_id)
    if run.is_finished:
        return str(run.status)
    return str(report_run_build(run).status)
