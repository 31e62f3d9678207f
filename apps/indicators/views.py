from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.access import CommitteeAccess, committee_view
from apps.core.periods import normalise_period, period_label
from apps.indicators.forms import FollowUpForm
from apps.indicators.selectors import follow_up_history, follow_up_sheet, recent_periods
from apps.indicators.services import follow_up_save

SAVED = {"draft": "Utkastet är sparat.", "ready": "Perioden är markerad som klar."}


@committee_view()
def follow_up(request: HttpRequest, access: CommitteeAccess, period: str = "") -> HttpResponse:
    committee = access.committee
    if not period:
        return redirect(
            "indicators:follow_up", committee.slug, recent_periods(timezone.localdate())[0]
        )
    try:
        period = normalise_period(period)
    except ValueError:
        raise Http404 from None
    sheet = follow_up_sheet(committee, period)
    form = FollowUpForm(sheet, request.POST or None)
    if request.method == "POST":
        if not access.can_edit_figures or not isinstance(request.user, User):
            raise PermissionDenied("Bara nämndens controller kan ändra uppföljningen.")
        if form.is_valid():
            action = "ready" if request.POST.get("action") == "ready" else "draft"
            follow_up_save(
                committee=committee,
                period=period,
                user=request.user,
                data=form.to_input(),
                mark_ready=action == "ready",
            )
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
            "period_label": period_label(period),
            "periods": recent_periods(timezone.localdate()),
            "history": follow_up_history(committee, period),
        },
    )
