from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.decisions.models import LSS_SERVICES, SOL_SERVICES, Decision
from apps.decisions.quarters import add_three_months


class DecisionFilter(django_filters.FilterSet):
    lag = django_filters.ChoiceFilter(
        field_name="law", choices=Decision.Law.choices, label="Lag", empty_label="Alla"
    )
    insatstyp = django_filters.ChoiceFilter(
        field_name="service",
        choices=SOL_SERVICES + LSS_SERVICES,
        label="Insatstyp",
        empty_label="Alla",
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        label="Status",
        choices=[("open", "Ej verkställt"), ("carried_out", "Verkställt"), ("closed", "Avslutat")],
        empty_label="Alla",
    )
    forsenat = django_filters.ChoiceFilter(
        method="filter_overdue",
        label="Väntat över tre månader",
        choices=[("ja", "Ja"), ("nej", "Nej")],
        empty_label="Alla",
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_status(
        self, queryset: QuerySet[Decision], name: str, value: str
    ) -> QuerySet[Decision]:
        open_ = Q(carried_out__isnull=True, closed__isnull=True) | Q(
            interruptions__resumed__isnull=True,
            interruptions__isnull=False,
            closed__isnull=True,
        )
        if value == "open":
            return queryset.filter(open_).distinct()
        if value == "closed":
            return queryset.filter(closed__isnull=False)
        return queryset.exclude(pk__in=queryset.filter(open_).values("pk")).filter(
            closed__isnull=True
        )

    def filter_overdue(
        self, queryset: QuerySet[Decision], name: str, value: str
    ) -> QuerySet[Decision]:
        if value not in {"ja", "nej"}:
            return queryset
        today = timezone.localdate()
        overdue = [
            d.pk
            for d in queryset
            if d.carried_out is None and d.closed is None and add_three_months(d.decided) < today
        ]
        return (
            queryset.filter(pk__in=overdue) if value == "ja" else queryset.exclude(pk__in=overdue)
        )
