"""Cache-Control: no-store for pages and files about people (the ej verkställda register,
its lists and exports): no browser, proxy or back button keeps a copy.

Either decorate a view with `no_store`, or list its URL in settings.NO_STORE_PATHS (regular
expressions matched against request.path), which `NoStoreMiddleware` applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

NO_STORE = "no-store"


def mark_no_store(response: HttpResponse) -> HttpResponse:
    """Never cache, never store: Cache-Control: max-age=0, no-cache, no-store, … private.
    A response that already says no-store (the view decided) is left as it is."""
    if NO_STORE not in response.get("Cache-Control", ""):
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
    return response


def no_store(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: the response (a page, a PDF, a CSV …) is never stored."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return mark_no_store(view(request, *args, **kwargs))

    return wrapped


class NoStoreMiddleware:
    """Marks every response under settings.NO_STORE_PATHS as never stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths = [re.compile(pattern) for pattern in settings.NO_STORE_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if any(pattern.search(request.path) for pattern in self.paths):
            mark_no_store(response)
        return response
