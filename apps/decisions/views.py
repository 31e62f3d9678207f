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
from apps.core.downloads import file_response
from apps.core.exports import render_rows
from apps.core.pdf_lists import render_list_pdf
from apps.dashboards.periods import quarter_of_period
from apps.decisions.dashboard import evb_dashboard
from apps.decisions.filters import DecisionFilter
from apps.decisions.forms import DecisionForm, DeleteForm, InterruptionFormSet, OfferFormSet
from apps.decisions.models import Decision
from apps.decisions.outputs import OUTPUTS, ivo_sent_keys, output_document, output_rows
from apps.decisions.quarters import Quarter, Section
from apps.decisions.selectors import quarter_report, sent_quarters
from apps.decisions.services import (
    ReportError,
    assign_serials,
    decision_delete,
    episodes_mark_reported,
    mark_quarter_sent,
    mark_sent_refusal,
    register_audit_add,
    unmark_quarter_sent,
)
from apps.decisions.tables import DecisionTable, output_table_body
from apps.imports.lifecycle import BROKER_DOWN, run_start
from apps.imports.models import ImportRun
from apps.imports.services import upload_store
from apps.imports.tasks import run_uploaded_file

MANAGE = Capability.MANAGE_DECISIONS


def chosen_quarter(request: HttpRequest) -> Quarter:
    """?kvartal=2025Q4, else the quarter of the report period (?period=2025M08 → 2025Q3);
    absent: the last finished quarter; malformed or out of range: 404."""
    text = request.GET.get("kvartal", "") or quarter_of_period(request)
    if not text:
        return Quarter.containing(timezone.localdate()).previous
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise Http404(str(exc)) from None


def shown_quarter(request: HttpRequest) -> Quarter | HttpResponse:
    """The quarter a page shows; a malformed or out-of-range ?kvartal= says so in Swedish
    and shows the last finished quarter instead (a redirect without the parameter)."""
    try:
        return chosen_quarter(request)
    except Http404 as exc:
        messages.error(request, f"{exc} Visar det senaste avslutade kvartalet.")
        return redirect(request.path)


def quarter_note(quarter: Quarter) -> str:
    """A word on a quarter that has not ended: the figures are not final."""
    if quarter.end < timezone.localdate():
        return ""
    return (
        f"Kvartalet {quarter} är inte slut än: väntetider räknas till kvartalets sista dag "
        f"({quarter.end}) och siffrorna kan ändras fram till dess."
    )


def user_of(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def audit(request: HttpRequest, access: CommitteeAccess, what: str) -> None:
    """Every view or export of register data is logged: who, when, what, which committee."""
    register_audit_add(
        committee=access.committee, user=user_of(request), what=what, path=request.get_full_path()
    )


@committee_view()
def dashboard(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    quarter = shown_quarter(request)
    if isinstance(quarter, HttpResponse):
        return quarter
    return render(
        request,
        "decisions/dashboard.html",
        {
            "access": access,
            "committee": access.committee,
            "quarter": quarter,
            "board": evb_dashboard(access.committee, quarter, exact=access.can_manage_decisions),
            "show_small": access.can_manage_decisions,
            "quarter_note": quarter_note(quarter),
        },
    )


@committee_view(MANAGE)
def register(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    decisions = Decision.objects.filter(committee=access.committee).select_related("committee")
    found = DecisionFilter(request.GET, queryset=decisions)
    table = DecisionTable(found.qs)
    table.paginate(page=request.GET.get("page", 1), per_page=50)
    audit(request, access, "registret")
    return render(
        request,
        "decisions/register.html",
        {"access": access, "committee": access.committee, "filter": found, "table": table},
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
    decision._checked_together = True  # type: ignore[attr-defined]  # with its avbrott below
    if decision.pk:
        audit(request, access, f"beslut {decision.reference}")
    form = DecisionForm(request.POST or None, instance=decision)
    offers = OfferFormSet(request.POST or None, instance=decision, prefix="erbjudanden")
    interruptions = InterruptionFormSet(request.POST or None, instance=decision, prefix="avbrott")
    if request.method == "POST" and all(
        [form.is_valid(), offers.is_valid(), interruptions.is_valid()]
    ):
        with transaction.atomic():
            saved = form.save()
            for formset in (offers, interruptions):
                formset.instance = saved
                formset.save()
            assign_serials(access.committee)
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
            "interruptions": interruptions,
            "decision": decision,
            "history": history,
        },
    )


@committee_view(MANAGE)
def decision_remove(request: HttpRequest, access: CommitteeAccess, pk: int) -> HttpResponse:
    """Delete a decision, with a reason that the history keeps with who and when."""
    decision = get_object_or_404(Decision, pk=pk, committee=access.committee)
    audit(request, access, f"ta bort beslut {decision.reference}")
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = decision.reference
        decision_delete(
            decision=decision, user=user_of(request), reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Beslutet {reference} är borttaget; historiken sparar varför.")
        return redirect("decisions:register", access.committee.slug)
    return render(
        request,
        "decisions/decision_delete.html",
        {"access": access, "committee": access.committee, "decision": decision, "form": form},
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
        if run_start(run, run_uploaded_file):
            messages.success(request, "Filen är mottagen och läses in.")
        else:
            messages.error(request, BROKER_DOWN)
        return redirect("imports:detail", access.committee.slug, run.pk)
    return render(
        request, "decisions/upload.html", {"access": access, "committee": access.committee}
    )


@committee_view(MANAGE)
def output(request: HttpRequest, access: CommitteeAccess, kind: str) -> HttpResponse:
    """One of the four outputs as a page, PDF, CSV or XLSX; every view is logged."""
    spec = OUTPUTS.get(kind)
    if spec is None:
        raise Http404
    quarter = shown_quarter(request)
    if isinstance(quarter, HttpResponse):
        return quarter
    committee = access.committee
    fmt = request.GET.get("format", "html")
    if fmt not in {"html", "pdf", "csv", "xlsx"}:
        raise Http404
    report = quarter_report(committee, quarter, with_changes=fmt == "html")
    rows = output_rows(spec, report)
    audit(request, access, f"{spec.title} {quarter} ({fmt})")
    filename = f"evb-{kind}-{committee.slug}-{quarter}"
    if fmt == "pdf":
        return file_response(render_list_pdf(output_document(spec, report, rows)), fmt, filename)
    if fmt in {"csv", "xlsx"}:
        return file_response(render_rows(rows, spec.columns, fmt), fmt, filename)
    sent_keys = ivo_sent_keys(committee, quarter) if kind == "ivo" else set()
    sent = sent_quarters(committee)
    return render(
        request,
        "decisions/output.html",
        {
            "access": access,
            "committee": committee,
            "quarter": quarter,
            "kind": kind,
            "title": spec.title,
            "rows": rows,
            "body": output_table_body(
                rows, spec.columns, checkboxes=kind == "ivo", ticked=sent_keys
            ),
            "fields": spec.columns,
            "report": report,
            "sent_keys": sent_keys,
            "late": len(report.sections[Section.LATE]),
            "today": timezone.localdate(),
            "can_mark_sent": mark_sent_refusal(sent, quarter, timezone.localdate()) is None,
            "can_unmark": bool(sent) and quarter == max(sent),
            "quarter_note": quarter_note(quarter),
        },
    )


@require_POST
@committee_view(MANAGE)
def mark_sent(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """Tick episodes as entered in IVO's e-service for the quarter (the checklist)."""
    quarter = chosen_quarter(request)
    count = episodes_mark_reported(
        committee=access.committee,
        quarter=quarter,
        keys=request.POST.getlist("episod"),
        user=user_of(request),
    )
    messages.success(request, f"{count} rader markerade som inlagda i IVO:s e-tjänst.")
    return redirect(
        f"{reverse('decisions:output', args=[access.committee.slug, 'ivo'])}?kvartal={quarter}"
    )


@require_POST
@committee_view(MANAGE)
def quarter_unsent(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """Undo the latest "sent" mark, with a reason kept in the history."""
    quarter = chosen_quarter(request)
    try:
        unmark_quarter_sent(
            committee=access.committee,
            quarter=quarter,
            user=user_of(request),
            reason=request.POST.get("orsak", ""),
        )
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Markeringen av {quarter} som skickad är ångrad.")
    return redirect(
        f"{reverse('decisions:output', args=[access.committee.slug, 'ivo'])}?kvartal={quarter}"
    )


@require_POST
@committee_view(MANAGE)
def quarter_sent(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """Mark the quarter's IVO report as sent: it is frozen as it is now."""
    quarter = chosen_quarter(request)
    try:
        sent = mark_quarter_sent(committee=access.committee, quarter=quarter, user=user_of(request))
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Rapporten för {quarter} är markerad som skickad och låst "
            f"({len(sent.snapshot['items'])} rader).",
        )
    return redirect(
        f"{reverse('decisions:output', args=[access.committee.slug, 'ivo'])}?kvartal={quarter}"
    )
