"""The committee report in the browser: a page to ask for it (period and format), a page
that follows its build (refreshing itself until the file is ready) and the file itself.

The report is built by a Celery task (apps/dashboards/report_tasks.py), the same for PDF
and Word; the file is kept and handed out only here, to those who may read the committee.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from apps.core.access import CommitteeAccess, committee_view
from apps.core.downloads import file_response
from apps.core.periods import ReportPeriod, report_period_choices
from apps.dashboards.models import STALLED, ReportRun
from apps.dashboards.periods import report_period
from apps.dashboards.report import latest_run, report_run_start
from apps.dashboards.views import links_for

FORMATS = {choice.value for choice in ReportRun.Format}
BAD_FORMAT = "Välj PDF eller Word."
REFRESH_SECONDS = 2


def format_of(value: str | None) -> str:
    return value if value in FORMATS else ReportRun.Format.PDF


def status_url(slug: str, period: str, fmt: str) -> str:
    return (
        reverse("dashboards:report_status", args=[slug, period]) + "?" + urlencode({"format": fmt})
    )


def _period_in_address(period: str) -> ReportPeriod:
    try:
        return ReportPeriod.parse(period)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


@committee_view()
def report(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """GET: the form (period, PDF or Word) and the reports asked for lately; POST: start."""
    committee = access.committee
    if request.method == "POST":
        fmt = request.POST.get("format") or ReportRun.Format.PDF
        try:
            if fmt not in FORMATS:
                raise ValueError(BAD_FORMAT)
            text = request.POST.get("period", "").strip()
            period = ReportPeriod.parse(text) if text else report_period(request, committee)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect(reverse("dashboards:report", args=[committee.slug]))
        report_run_start(committee=committee, period=period, fmt=fmt, user=request.user)
        return redirect(status_url(committee.slug, period.code, fmt))
    period = report_period(request, committee)
    return render(
        request,
        "dashboards/report_start.html",
        {
            "access": access,
            "committee": committee,
            "links": links_for(access),
            "period": period,
            "format": format_of(request.GET.get("format")),
            "choices": report_period_choices(max(period.year, timezone.localdate().year), 6),
            "runs": ReportRun.objects.filter(committee=committee).select_related("requested_by")[
                :10
            ],
        },
    )


@committee_view()
def report_status(request: HttpRequest, access: CommitteeAccess, period: str) -> HttpResponse:
    """The latest report of the period in the format asked for: its progress (the page
    refreshes itself every REFRESH_SECONDS until it ends), then its file."""
    committee = access.committee
    shown = _period_in_address(period)
    fmt = format_of(request.GET.get("format"))
    run = latest_run(committee, shown.code, fmt)
    return render(
        request,
        "dashboards/report_status.html",
        {
            "access": access,
            "committee": committee,
            "links": links_for(access),
            "period": shown,
            "format": fmt,
            "format_label": ReportRun.Format(fmt).label,
            "run": run,
            "refresh": REFRESH_SECONDS if run and run.is_waiting else None,
            "stalled": STALLED,
            "file_url": reverse("dashboards:report_file", args=[committee.slug, shown.code])
            + "?"
            + urlencode({"format": fmt}),
        },
    )


@committee_view()
def report_file(request: HttpRequest, access: CommitteeAccess, period: str) -> HttpResponse:
    """The file of the latest finished report of the period; none yet: its status page."""
    committee = access.committee
    shown = _period_in_address(period)
    fmt = format_of(request.GET.get("format"))
    run = (
        ReportRun.objects.filter(
            committee=committee, period=shown.code, format=fmt, status=ReportRun.Status.SUCCEEDED
        )
        .exclude(file="")
        .order_by("-queued_at", "-id")
        .first()
    )
    if run is None:
        return redirect(status_url(committee.slug, shown.code, fmt))
    with run.file.open("rb") as stored:
        data = stored.read()
    return file_response(data, fmt, f"rapport-{committee.slug}-{shown.code}")
