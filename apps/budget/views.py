from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.budget.charts import budget_charts
from apps.budget.selectors import EXPORT_FIELDS, budget_overview, export_headings, in_tkr
from apps.budget.tables import BudgetTable
from apps.core.access import Capability, CommitteeAccess, committee_view
from apps.core.downloads import file_response
from apps.core.exports import render_rows
from apps.imports.lifecycle import BROKER_DOWN, run_start
from apps.imports.models import ImportRun
from apps.imports.services import upload_store
from apps.imports.tasks import run_uploaded_file

EXPORTS = {"csv", "xlsx", "json"}


class PeriodForm(forms.Form):
    ar = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    manad = forms.IntegerField(min_value=1, max_value=12, required=False)


class UploadForm(forms.Form):
    fil = forms.FileField(label="Huvudboksfil (CSV eller XLSX)")


@committee_view()
def budget_page(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    period = PeriodForm(request.GET)
    chosen = period.cleaned_data if period.is_valid() else {}
    year = chosen.get("ar") or timezone.localdate().year
    overview = budget_overview(access.committee, year, chosen.get("manad"))
    export = request.GET.get("format")
    if export in EXPORTS:
        # Files a person opens are in tkr, as the page; JSON stays in kronor (a contract).
        exported = [row.export_row() for row in overview.rows]
        if export != "json":
            exported = [in_tkr(row) for row in exported]
        data = render_rows(exported, EXPORT_FIELDS, export, export_headings("tkr"))
        name = f"budget-{access.committee.slug}-{year}-{overview.month:02d}"
        return file_response(data, export, name)
    rows = [overview.total, *overview.rows] if overview.total else []
    return render(request, "budget/budget.html", {
        "access": access, "committee": access.committee, "overview": overview,
        "table": BudgetTable(rows), "charts": budget_charts(overview), "months": range(1, 13),
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    })  # fmt: skip


@committee_view(Capability.EDIT_FIGURES)
def ledger_upload(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        user = request.user if isinstance(request.user, User) else None
        run = upload_store(
            committee=access.committee,
            upload=form.cleaned_data["fil"],
            user=user,
            kind=ImportRun.Kind.LEDGER,
        )
        if run_start(run, run_uploaded_file):
            messages.success(request, "Filen är mottagen och läses in.")
        else:
            messages.error(request, BROKER_DOWN)
        return redirect("imports:detail", access.committee.slug, run.pk)
    return render(
        request,
        "budget/upload.html",
        {"access": access, "committee": access.committee, "form": form},
    )
