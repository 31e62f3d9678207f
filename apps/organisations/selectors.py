"""Reads of the organisations app."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from apps.organisations.models import Committee, ComparisonGroup


def committee_comparison_groups(committee: Committee) -> QuerySet[ComparisonGroup]:
    """The committee's default comparison groups with their member counts."""
    return committee.comparison_groups.annotate(member_count=Count("members")).order_by(
        "kind", "name"
    )


def published_committees() -> QuerySet[Committee]:
    return Committee.objects.filter(published=True).select_related("municipality")
