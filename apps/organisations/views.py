from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.core.access import visible_committees
from apps.organisations.selectors import published_committees


def home(request: HttpRequest) -> HttpResponse:
    """The committees the visitor may open and the published ones; a user with exactly one
    committee goes straight to it."""
    committees = list(visible_committees(request.user))
    if len(committees) == 1:
        return redirect("organisations:committee", committees[0].slug)
    return render(
        request,
        "organisations/home.html",
        {
            "committees": committees,
            "published": published_committees(),
        },
    )
