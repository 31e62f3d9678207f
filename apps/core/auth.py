"""Log-in throttling (django-axes) for every log-in through the web."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' check of each web log-in (the log-in page and the admin's). A log-in
    without a request (a management command, the test client's login()) has no client to
    throttle and is left to the next backend."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
