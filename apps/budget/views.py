from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.budget.charts import budget_charts
from apps.budget.forms import MappingForm, UploadForm
from apps.budget.selectors import (
    EXPORT_FIELDS,
    budget_overview,
    drift_table,
    export_headings,
    in_tkr,
    investment_lines,
    latest_utfall_period,
)
from apps.budget.services import column_mapping_save, file_header, run_mapping_claim
from apps.budget.tables import BudgetTable
from apps.core.access import Capability, CommitteeAccess, committee_view
from apps.core.downloads import file_response
from apps.core.exports import render_rows
from apps.dashboards.periods import budget_query
from apps.imports.lifecycle import BROKER_DOWN, run_start
from apps.imports.models import ImportRun
from apps.imports.services import upload_store
from apps.imports.tasks import run_uploaded_file
from apps.imports.uploads import stored_upload

EXPORTS = {"csv", "xlsx", "json"}
ALREADY_STARTED = "Filen har redan fått sin kolumnmappning och läses in."


class PeriodForm(forms.Form):
    ar = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    manad = forms.IntegerField(min_value=1, max_value=12, required=False)


@committee_view()
def budget_page(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    period = PeriodForm(budget_query(request, access.committee))  # ?period= as ?ar=&manad=
    chosen = period.cleaned_data if period.is_valid() else {}
    year, month = chosen.get("ar"), chosen.get("manad")
    if not year:  # the latest year and month with utfall (the current year before any)
        latest = latest_utfall_period(access.committee)
        year, month = latest if latest else (timezone.localdate().year, month)
    overview = budget_overview(access.committee, year, month)
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
    this_year = timezone.localdate().year
    years = sorted({*range(this_year, this_year - 6, -1), year}, reverse=True)
    return render(request, "budget/budget.html", {
        "access": access, "committee": access.committee, "overview": overview,
        "table": BudgetTable(rows), "charts": budget_charts(overview), "months": range(1, 13),
        "years": years, "drift": drift_table(access.committee, year, overview.month),
        "investments": investment_lines(access.committee, year),
    })  # fmt: skip


@committee_view(Capability.EDIT_FIGURES)
def ledger_upload(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """Upload a ledger (or investment) file. A file whose headings are none of ours and fit
    no saved mapping is kept, and the page asks once which heading is which column."""
    return _upload(request, access, "budget/upload.html", mapping=True)


@committee_view(Capability.EDIT_FIGURES)
def investments_upload(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    return _upload(
        request, access, "budget/investments_upload.html", mapping=False,
        kind=ImportRun.Kind.INVESTMENTS,
    )  # fmt: skip


def _upload(
    request: HttpRequest,
    access: CommitteeAccess,
    template: str,
    *,
    mapping: bool,
    kind: str = ImportRun.Kind.LEDGER,
) -> HttpResponse:
    committee = access.committee
    form = UploadForm(committee, request.POST or None, request.FILES or None)
    mapping_form: MappingForm | None = None
    if (
        request.method == "POST" and "run" in request.POST and mapping
    ):  # the mapping for a kept upload
        run_id = request.POST.get("run", "")
        run = ImportRun.objects.filter(
            pk=int(run_id) if run_id.isdigit() else 0,
            committee=committee, status=ImportRun.Status.PENDING,
            kind=ImportRun.Kind.LEDGER,
        ).first()  # fmt: skip
        if run is None:
            messages.error(request, "Filen finns inte längre; ladda upp den igen.")
            return redirect("budget:upload", committee.slug)
        if "mapping" in run.parameters:  # its mapping was given and the file is being read
            messages.info(request, ALREADY_STARTED)
            return redirect("imports:detail", committee.slug, run.pk)
        with stored_upload(run) as path:
            header = file_header(path, str(run.parameters["file"]), committee)
        mapping_form = MappingForm(header, committee, request.POST)
        if mapping_form.is_valid():
            saved = column_mapping_save(
                committee=committee, name=mapping_form.cleaned_data["namn"],
                columns=mapping_form.columns(),
            )  # fmt: skip
            # Claimed once: a mapping sent again (a second click, a replayed form) finds the
            # run already given its mapping and started, and starts nothing.
            if not run_mapping_claim(run=run, mapping=saved):
                messages.info(request, ALREADY_STARTED)
                return redirect("imports:detail", committee.slug, run.pk)
            return _start(request, run)
        return render(request, template, {
            "access": access, "committee": committee, "form": form,
            "mapping_form": mapping_form, "run": run, "header": header,
        })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        user = request.user if isinstance(request.user, User) else None
        run = upload_store(
            committee=committee, upload=form.cleaned_data["fil"], user=user,
            kind=kind,
        )  # fmt: skip
        if chosen := form.cleaned_data.get("kolumnmappning"):
            run.parameters = {**run.parameters, "mapping": chosen.name}
            run.save(update_fields=["parameters"])
            return _start(request, run)
        with stored_upload(run) as path:
            header = file_header(path, str(run.parameters["file"]), committee)
        if header.needs_mapping and mapping:
            return render(request, template, {
                "access": access, "committee": committee, "form": form, "run": run,
                "mapping_form": MappingForm(header, committee), "header": header,
            })  # fmt: skip
        return _start(request, run)  # an unreadable file fails its run with the reason
    return render(request, template, {"access": access, "committee": committee, "form": form})


def _start(request: HttpRequest, run: ImportRun) -> HttpResponse:
    assert run.committee is not None
    if run_start(run, run_uploaded_file):
        messages.success(request, "Filen är mottagen och läses in.")
    else:
        messages.error(request, BROKER_DOWN)
    return redirect("imports:detail", run.committee.slug, run.pk)
