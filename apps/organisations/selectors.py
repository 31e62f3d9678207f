"""Reads of the organisations app."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, QuerySet

from apps.organisations.models import Committee, CommitteeRole, ComparisonGroup


def committee_comparison_groups(committee: Committee) -> QuerySet[ComparisonGroup]:
    """The committee's default comparison groups with their member counts."""
    return committee.comparison_groups.annotate(member_count=Count("members")).order_by(
        "kind", "name"
    )


def user_role_labels(user: User | AnonymousUser, committee: Committee) -> list[str]:
    """The user's roles in the committee, as Swedish labels."""
    if not user.is_authenticated:
        return []
    labels = [
        role.get_role_display()
        for role in CommitteeRole.objects.filter(user=user, committee=committee)
    ]
    if user.is_staff:
        labels.append("Administratör")
    return labels


def published_committees() -> QuerySet[Committee]:
    return Committee.objects.filter(published=True).select_related("municipality")
