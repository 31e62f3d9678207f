from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import Capability, CommitteeAccess, committee_view
from apps.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, render_rows
from apps.core.pdf import PDF_CONTENT_TYPE
from apps.core.pdf_lists import ListDocument, render_list_pdf
from apps.decisions.dashboard import evb_dashboard
from apps.decisions.filters import DecisionFilter
from apps.decisions.forms import DecisionForm, OfferFormSet
from apps.decisions.models import Decision, ReportLog
from apps.decisions.outputs import (
    AUDITOR_FIELDS,
    COMMITTEE_FIELDS,
    KF_FIELDS,
    auditors_rows,
    committee_report,
    ivo_list,
    kf_statistics,
    print_line,
)
from apps.decisions.quarters import Quarter
from apps.decisions.services import report_log_add
from apps.decisions.tables import DecisionTable
from apps.imports.models import ImportRun
from apps.imports.services import upload_store
from apps.imports.tasks import run_uploaded_file

MANAGE = Capability.MANAGE_DECISIONS
TITLES = {
    "ivo": "Lista till IVO",
    "revisorer": "Lista till revisorerna",
    "kf": "Statistikrapport till kommunfullmäktige",
    "namnd": "Kvartalsrapport till nämnden",
}
LOGGED_EXPORTS = {"ivo": ReportLog.Recipient.IVO, "revisorer": ReportLog.Recipient.AUDITORS}


def chosen_quarter(request: HttpRequest) -> Quarter:
    try:
        return Quarter.parse(request.GET.get("kvartal", ""))
    except ValueError:
        return Quarter.containing(timezone.localdate()).previous


def user_of(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@committee_view()
def dashboard(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    quarter = chosen_quarter(request)
    return render(
        request,
        "decisions/dashboard.html",
        {
            "access": access,
            "committee": access.committee,
            "quarter": quarter,
            "board": evb_dashboard(access.committee, quarter),
            "show_small": access.can_manage_decisions,
        },
    )


@committee_view(MANAGE)
def register(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    decisions = Decision.objects.filter(committee=access.committee).select_related("committee")
    found = DecisionFilter(request.GET, queryset=decisions)
    table = DecisionTable(found.qs)
    table.paginate(page=request.GET.get("page", 1), per_page=50)
    return render(
        request,
        "decisions/register.html",
        {
            "access": access,
            "committee": access.committee,
            "filter": found,
            "table": table,
        },
    )


@committee_view(MANAGE)
def decision_edit(
    request: HttpRequest, access: CommitteeAccess, pk: int | None = None
) -> HttpResponse:
    decision = (
        get_object_or_404(Decision, pk=pk, committee=access.committee)
        if pk
        else Decision(committee=access.committee)
    )
    form = DecisionForm(request.POST or None, instance=decision)
    offers = OfferFormSet(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid() and offers.is_valid():
        with transaction.atomic():
            saved = form.save()
            offers.instance = saved
            offers.save()
        messages.success(request, f"Beslutet {saved.reference} är sparat.")
        return redirect("decisions:edit", access.committee.slug, saved.pk)
    history = decision.history.select_related("history_user")[:20] if decision.pk else []
    return render(
        request,
        "decisions/decision_form.html",
        {
            "access": access,
            "committee": access.committee,
            "form": form,
            "offers": offers,
            "decision": decision,
            "history": history,
        },
    )


@committee_view(MANAGE)
def upload(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    upload_file = request.FILES.get("fil")
    if request.method == "POST" and upload_file:
        run = upload_store(
            committee=access.committee,
            upload=upload_file,
            user=user_of(request),
            kind=ImportRun.Kind.DECISIONS,
        )
        transaction.on_commit(lambda: run_uploaded_file.delay(run.pk))
        return redirect("imports:detail", access.committee.slug, run.pk)
    return render(
        request, "decisions/upload.html", {"access": access, "committee": access.committee}
    )


@committee_view(MANAGE)
def output(request: HttpRequest, access: CommitteeAccess, kind: str) -> HttpResponse:
    if kind not in TITLES:
        raise Http404
    committee, quarter = access.committee, chosen_quarter(request)
    fmt = request.GET.get("format", "html")
    if kind in LOGGED_EXPORTS:
        channel = ReportLog.Channel.EXPORT
        report_log_add(
            committee=committee,
            quarter=quarter,
            recipient=LOGGED_EXPORTS[kind],
            channel=channel,
            user=user_of(request),
            note=f"{TITLES[kind]} ({fmt})",
        )
    if kind == "ivo":
        entries = ivo_list(committee, quarter)
        rows = [
            {"avsnitt": e.section_label, **e.item.as_dict(), "rapporterad": e.sent} for e in entries
        ]
        fields = [
            "avsnitt",
            "referens",
            "lag",
            "insatstyp",
            "beslutsdatum",
            "status_datum",
            "dagar",
            "rapporterad",
        ]
    elif kind == "revisorer":
        entries, rows, fields = [], auditors_rows(committee, quarter), AUDITOR_FIELDS
    elif kind == "kf":
        entries, rows, fields = [], kf_statistics(committee, quarter), KF_FIELDS
    else:
        entries, rows, fields = [], committee_report(committee, quarter).rows(), COMMITTEE_FIELDS
    if fmt == "pdf":
        pdf = render_list_pdf(
            ListDocument(
                title=TITLES[kind],
                subtitle=print_line(committee, quarter),
                columns=fields,
                rows=[[str(row.get(field, "")) for field in fields] for row in rows],
                blocks=[entry.block for entry in entries],
            )
        )
        response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="evb-{kind}-{committee.slug}-{quarter}.pdf"'
        )
        return response
    if fmt in {"csv", "xlsx"}:
        response = HttpResponse(
            render_rows(rows, fields, fmt),
            content_type=CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="evb-{kind}-{committee.slug}-{quarter}.{fmt}"'
        )
        return response
    return render(
        request,
        "decisions/output.html",
        {
            "access": access,
            "committee": committee,
            "quarter": quarter,
            "kind": kind,
            "title": TITLES[kind],
            "rows": rows,
            "fields": fields,
            "entries": entries,
            "today": timezone.localdate(),
        },
    )


@require_POST
@committee_view(MANAGE)
def mark_sent(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """Log the chosen decisions as reported to IVO through the e-service for the quarter."""
    quarter = chosen_quarter(request)
    chosen = [int(pk) for pk in request.POST.getlist("beslut") if pk.isdigit()]
    decisions = Decision.objects.filter(committee=access.committee, pk__in=chosen)
    for decision in decisions:
        report_log_add(
            committee=access.committee,
            quarter=quarter,
            recipient=ReportLog.Recipient.IVO,
            channel=ReportLog.Channel.E_SERVICE,
            user=user_of(request),
            decision=decision,
        )
    messages.success(request, f"{len(decisions)} beslut markerade som rapporterade till IVO.")
    return redirect(
        f"{reverse('decisions:output', args=[access.committee.slug, 'ivo'])}?kvartal={quarter}"
    )
