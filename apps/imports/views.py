from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.access import Capability, CommitteeAccess, committee_view
from apps.imports.lifecycle import BROKER_DOWN, run_start
from apps.imports.models import ImportRun
from apps.imports.selectors import last_scheduled_refresh
from apps.imports.services import kolada_refresh_committee
from apps.imports.tables import ImportRunTable
from apps.imports.tasks import run_kolada_fetch

STARTED = "Uppdateringen från Kolada har startat."


@committee_view(Capability.EDIT_FIGURES)
def import_list(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    table = ImportRunTable(
        ImportRun.objects.for_committee(committee), committee_slug=committee.slug
    )
    table.paginate(page=request.GET.get("page", 1), per_page=25)
    return render(
        request,
        "imports/import_list.html",
        {
            "access": access,
            "committee": committee,
            "table": table,
            "last_scheduled": last_scheduled_refresh(committee),
        },
    )


@require_POST
@committee_view(Capability.EDIT_FIGURES)
def import_start(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    run = kolada_refresh_committee(
        committee=access.committee, trigger=ImportRun.Trigger.WEB, user=user
    )
    if run.status == ImportRun.Status.PENDING:
        if run_start(run, run_kolada_fetch):
            messages.success(request, STARTED)
        else:
            messages.error(request, BROKER_DOWN)
    return redirect("imports:detail", access.committee.slug, run.pk)


def _run_for(request: HttpRequest, access: CommitteeAccess, run_id: int) -> ImportRun:
    """The committee's run: controllers see every run, anyone else with a role only the
    runs they started (the rapportör's register uploads)."""
    run = get_object_or_404(ImportRun, pk=run_id, committee=access.committee)
    if not access.can_edit_figures and run.started_by_id != request.user.pk:
        raise PermissionDenied("Bara nämndens controller, eller den som startade importen.")
    return run


@committee_view()
def import_detail(request: HttpRequest, access: CommitteeAccess, run_id: int) -> HttpResponse:
    run = _run_for(request, access, run_id)
    return render(
        request,
        "imports/import_detail.html",
        {"access": access, "committee": access.committee, "run": run},
    )


@committee_view()
def import_status(request: HttpRequest, access: CommitteeAccess, run_id: int) -> JsonResponse:
    run = _run_for(request, access, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "status_text": run.get_status_display(),
            "finished": run.is_finished,
            "pages_done": run.pages_done,
            "pages_expected": run.pages_expected,
            "percent": run.progress_percent,
            "summary": run.summary() if run.is_finished else "",
        }
    )
