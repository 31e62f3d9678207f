from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.access import CommitteeAccess, committee_view, visible_committees
from apps.organisations.selectors import (
    committee_comparison_groups,
    published_committees,
    user_role_labels,
)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/home.html",
        {
            "committees": visible_committees(request.user),
            "published": published_committees(),
        },
    )


@committee_view()
def committee_detail(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    return render(
        request,
        "organisations/committee_detail.html",
        {
            "access": access,
            "committee": committee,
            "roles": user_role_labels(request.user, committee),
            "groups": committee_comparison_groups(committee),
        },
    )


@committee_view(public=True)
def committee_public(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    return render(
        request,
        "organisations/committee_public.html",
        {
            "access": access,
            "committee": committee,
            "groups": committee_comparison_groups(committee),
        },
    )
