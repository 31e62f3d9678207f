from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.access import visible_committees
from apps.organisations.selectors import published_committees


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/home.html",
        {
            "committees": visible_committees(request.user),
            "published": published_committees(),
        },
    )
