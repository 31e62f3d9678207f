"""The banner shown on a committee's pages while its last scheduled refresh has failed."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from apps.imports.models import ImportRun
from apps.imports.selectors import failed_scheduled_refresh
from apps.organisations.models import Committee


def kolada_banner(request: HttpRequest) -> dict[str, object]:
    """The committee's failed scheduled refresh, read only when a template asks, and once per
    request (a page that renders a table runs the context processors again)."""
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    if not slug or not request.user.is_authenticated:
        return {}

    def failed() -> ImportRun | None:
        if not hasattr(request, "failed_refresh"):
            # committee_view has already looked the committee up for this request.
            committee = (
                getattr(request, "committee", None) or Committee.objects.filter(slug=slug).first()
            )
            request.failed_refresh = (  # type: ignore[attr-defined]
                failed_scheduled_refresh(committee) if committee else None
            )
        return request.failed_refresh  # type: ignore[attr-defined,no-any-return]

    return {"failed_refresh": SimpleLazyObject(failed)}
