"""The follow-up page and its three steps: mark ready, reopen with a reason, publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import Capability, CommitteeAccess, committee_view
from apps.core.periods import normalise_period, period_bounds, period_label
from apps.indicators.follow_up import follow_up_sheet, recent_periods
from apps.indicators.forms import FollowUpForm, ReopenForm
from apps.indicators.history import follow_up_history
from apps.indicators.models import FollowUpPeriod
from apps.indicators.services import (
    FollowUpError,
    follow_up_publish,
    follow_up_reopen,
    follow_up_save,
)

SAVED = {"draft": "Utkastet är sparat.", "ready": "Perioden är markerad som klar."}
ONLY_CONTROLLERS = "Bara nämndens controller kan ändra uppföljningen."
NOT_STARTED = "{period} har inte börjat än och kan inte markeras som klar."
KEPT_AS_DRAFT = (
    "Det du fyllt i är sparat som utkast; fyll i det som saknas och markera sedan perioden "
    "som klar."
)


def _period(text: str) -> str:
    try:
        return normalise_period(text)
    except ValueError:
        raise Http404 from None


@committee_view()
def follow_up(request: HttpRequest, access: CommitteeAccess, period: str = "") -> HttpResponse:
    committee = access.committee
    if not period:
        return redirect(
            "indicators:follow_up", committee.slug, recent_periods(timezone.localdate())[0]
        )
    period = _period(period)
    sheet = follow_up_sheet(committee, period, with_drafts=access.can_edit_figures)
    form = FollowUpForm(sheet, request.POST or None)
    if request.method == "POST":
        if not access.can_edit_figures or not isinstance(request.user, User):
            raise PermissionDenied(ONLY_CONTROLLERS)
        if form.is_valid():
            action = "ready" if request.POST.get("action") == "ready" else "draft"
            if action == "ready" and period_bounds(period)[0] > timezone.localdate():
                form.not_ready = NOT_STARTED.format(period=period_label(period))
            if action == "ready" and form.not_ready:
                action = "draft"  # keep what was entered; say why it is not ready
                messages.error(request, f"{form.not_ready} {KEPT_AS_DRAFT}")
            try:
                follow_up_save(
                    committee=committee,
                    period=period,
                    user=request.user,
                    data=form.to_input(),
                    mark_ready=action == "ready",
                    approved_figures=sheet.approved_figures(),
                )
            except FollowUpError as error:
                messages.error(request, str(error))
            else:
                if not form.not_ready:
                    messages.success(request, SAVED[action])
            return redirect("indicators:follow_up", committee.slug, period)
    return render(
        request,
        "indicators/follow_up.html",
        {
            "access": access,
            "committee": committee,
            "sheet": sheet,
            "form": form,
            "reopen_form": ReopenForm(),
            "status_text": sheet.follow_up.status_text(timezone.localdate()),
            "period_label": period_label(period),
            "periods": list(dict.fromkeys([period, *recent_periods(timezone.localdate())])),
            "history": follow_up_history(sheet, with_drafts=access.can_edit_figures),
        },
    )


@require_POST
@committee_view(Capability.EDIT_FIGURES)
def reopen(request: HttpRequest, access: CommitteeAccess, period: str) -> HttpResponse:
    period = _period(period)
    found = FollowUpPeriod.objects.filter(committee=access.committee, period=period).first()
    form = ReopenForm(request.POST)
    if found is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, str(form.errors["reason"][0]))
    else:
        assert isinstance(request.user, User)
        follow_up_reopen(follow_up=found, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Perioden är öppen igen. Läsarna ser de senast klara siffrorna.")
    return redirect("indicators:follow_up", access.committee.slug, period)


@require_POST
@committee_view(Capability.EDIT_FIGURES)
def publish(request: HttpRequest, access: CommitteeAccess, period: str) -> HttpResponse:
    period = _period(period)
    found = FollowUpPeriod.objects.filter(committee=access.committee, period=period).first()
    if found is None:
        raise Http404
    assert isinstance(request.user, User)
    try:
        follow_up_publish(follow_up=found, user=request.user)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Perioden är publicerad på den publika sidan.")
    return redirect("indicators:follow_up", access.committee.slug, period)
