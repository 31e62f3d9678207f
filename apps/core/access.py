"""The one access helper every committee view goes through.

Who may do what:
- administrators (staff) may do everything in every committee;
- a user with a role in a committee gets that role's capabilities there, nothing elsewhere;
- anyone, signed in or not, may read the public pages of a published committee; the public
  address of an unpublished committee answers 404 to everyone.
A signed-in user without the capability gets 403; an anonymous visitor is sent to log in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from apps.organisations.models import Committee, CommitteeRole, Role


class Capability(StrEnum):
    VIEW = "view"
    EDIT_FIGURES = "edit_figures"
    MANAGE_DECISIONS = "manage_decisions"
    ADMINISTER = "administer"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CONTROLLER: frozenset({Capability.VIEW, Capability.EDIT_FIGURES}),
    Role.POLITICIAN: frozenset({Capability.VIEW}),
    Role.RAPPORTOR: frozenset({Capability.VIEW, Capability.MANAGE_DECISIONS}),
}
ALL_CAPABILITIES = frozenset(Capability)

NO_ACCESS = "Du har ingen behörighet till detta i {committee}."
NOT_PUBLISHED = "Nämnden har ingen publik sida."

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class CommitteeAccess:
    """What the current visitor may do in one committee; handed to every committee view."""

    committee: Committee
    capabilities: frozenset[Capability]
    public: bool = False
    roles: frozenset[str] = frozenset()  # the visitor's CommitteeRole roles here

    @property
    def role_labels(self) -> list[str]:
        """The visitor's roles as Swedish labels (administrators say so)."""
        labels = [Role(role).label for role in sorted(self.roles)]
        if self.is_admin and not self.roles:
            labels.append("Administratör")
        return labels

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def can_edit_figures(self) -> bool:
        return self.can(Capability.EDIT_FIGURES)

    @property
    def can_manage_decisions(self) -> bool:
        return self.can(Capability.MANAGE_DECISIONS)

    @property
    def is_admin(self) -> bool:
        return self.can(Capability.ADMINISTER)


def roles_in(user: AnyUser, committee: Committee) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(
        CommitteeRole.objects.filter(user=user, committee=committee)
        .order_by()
        .values_list("role", flat=True)
    )


def capabilities_for(
    user: AnyUser, committee: Committee, roles: frozenset[str] | None = None
) -> frozenset[Capability]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_staff:
        return ALL_CAPABILITIES
    roles = roles_in(user, committee) if roles is None else roles
    return frozenset().union(*(ROLE_CAPABILITIES[role] for role in roles))


def visible_committees(user: AnyUser) -> QuerySet[Committee]:
    """The committees a user holds any role in (all of them for administrators)."""
    committees = Committee.objects.select_related("municipality")
    if not user.is_authenticated or not user.is_active:
        return committees.none()
    if user.is_staff:
        return committees.all()
    return committees.filter(roles__user=user).distinct()


P = ParamSpec("P")
CommitteeViewFunc = Callable[Concatenate[HttpRequest, CommitteeAccess, P], HttpResponse]


def committee_view(
    capability: Capability = Capability.VIEW, *, public: bool = False
) -> Callable[[CommitteeViewFunc[P]], Callable[..., HttpResponse]]:
    """Decorate a view taking (request, access, **kwargs) and routed with a `slug`.

    With public=True a published committee's page is open to everyone for reading (an
    unpublished one's is 404); the view is told by `access.public` that it must show
    aggregated figures only.
    """

    def decorator(view: CommitteeViewFunc[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            committee = get_object_or_404(
                Committee.objects.select_related("municipality"), slug=slug
            )
            request.committee = committee  # type: ignore[attr-defined]  # for the banner
            roles = roles_in(request.user, committee)
            capabilities = capabilities_for(request.user, committee, roles)
            if public:
                # An unpublished committee has no public address, for anyone: its members
                # read it under /namnd/, and a stranger learns nothing (not even a log-in).
                if not committee.published:
                    raise Http404(NOT_PUBLISHED)
                access = CommitteeAccess(
                    committee, capabilities | {Capability.VIEW}, public=True, roles=roles
                )
                return view(request, access, *args, **kwargs)
            if capability in capabilities:
                access = CommitteeAccess(committee, capabilities, roles=roles)
                return view(request, access, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(NO_ACCESS.format(committee=committee))

        return wrapper

    return decorator
