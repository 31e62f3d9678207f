"""Views of the site itself: /health/ and the error pages (a database that is down gives
the Swedish 503 page, never a bare 500)."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import health_report

# What psycopg raises (through Django) when PostgreSQL cannot be reached or went away.
UNREACHABLE = (OperationalError, InterfaceError)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 "Tjänsten är tillfälligt otillgänglig" when the database is down,
    else the 500 page; neither touches the database (no context processors)."""
    error = sys.exc_info()[1]
    if isinstance(error, UNREACHABLE) or _database_down(error):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _database_down(error: BaseException | None) -> bool:
    # A DatabaseError raised while handling a lost connection carries it as its cause.
    while error is not None:
        if isinstance(error, UNREACHABLE):
            return True
        error = error.__cause__ or error.__context__
        if error is not None and not isinstance(error, DatabaseError | OSError):
            return False
    return False
