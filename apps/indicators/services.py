"""Writes of the indicators app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Avg, Count

from apps.imports.kolada.payloads import ValueRow
from apps.indicators.models import IndicatorValue
from apps.indicators.value_store import MemoryValueStore, MergeCounts
from apps.organisations.models import ComparisonGroup


@transaction.atomic
def own_group_means_refresh(*, indicator_ids: Iterable[int]) -> MergeCounts:
    """Recompute committee-defined groups as the unweighted mean of their members.

    1. For every own group and indicator, take the members' values per period and gender
       (missing values do not count and do not pull the mean towards 0).
    2. Store the mean with the number of members behind it, labelled as computed.
    3. A period where no member has a value gets no group value (missing stays missing).
    """
    ids = list(indicator_ids)
    rows: list[ValueRow] = []
    for group in ComparisonGroup.objects.filter(kind=ComparisonGroup.Kind.OWN).prefetch_related(
        "members"
    ):
        means = (
            IndicatorValue.objects.filter(
                indicator_id__in=ids, municipality__in=group.members.all(), value__isnull=False
            )
            .values("indicator__code", "period", "gender")
            .annotate(mean=Avg("value"), members=Count("id"))
        )
        rows.extend(
            ValueRow(
                kpi=m["indicator__code"],
                unit=group.code,
                period=m["period"],
                gender=m["gender"],
                value=m["mean"],
                status="",
                members=m["members"],
                deleted=False,
                row=0,
            )
            for m in means
        )
    store = MemoryValueStore()
    store.add(rows)
    return store.merge(source=IndicatorValue.Source.COMPUTED)
