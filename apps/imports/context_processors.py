"""The banner shown on a committee's pages while its last scheduled refresh has failed."""

from __future__ import annotations

from django.http import HttpRequest

from apps.imports.selectors import failed_scheduled_refresh
from apps.organisations.models import Committee


def kolada_banner(request: HttpRequest) -> dict[str, object]:
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    if not slug or not request.user.is_authenticated:
        return {}
    # committee_view has already looked the committee up for this request.
    committee = getattr(request, "committee", None) or Committee.objects.filter(slug=slug).first()
    if committee is None:
        return {}
    return {"failed_refresh": failed_scheduled_refresh(committee)}
