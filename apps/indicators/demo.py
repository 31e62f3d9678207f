"""Demo indicators: the seed documents' KPIs, the committees' choice, and the figures the
documents print (source "document", so a real Kolada refresh replaces them)."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction

from apps.imports.kolada.payloads import ValueRow
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.indicators.value_store import MemoryValueStore
from apps.organisations.models import Committee

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "indicators.json"


@transaction.atomic
def load() -> str:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for spec in data["indicators"]:
        Indicator.objects.update_or_create(
            code=spec["code"],
            defaults={
                "source": Indicator.Source.KOLADA,
                "title": spec["title"],
                "unit": spec["unit"],
                "decimals": spec["decimals"],
                "higher_is_better": spec["higher_is_better"],
                "operating_area": spec["operating_area"],
                "divided_by_gender": spec.get("divided_by_gender", False),
                "discontinued": spec.get("discontinued", False),
            },
        )
    for slug, choice in data["committees"].items():
        committee = Committee.objects.get(slug=slug)
        for order, code in enumerate(choice["key"] + choice["other"]):
            CommitteeIndicator.objects.update_or_create(
                committee=committee,
                indicator=Indicator.objects.get(code=code),
                defaults={"order": order, "is_key": code in choice["key"]},
            )
    # Kolada's figures win: a document figure never overwrites one Kolada has delivered.
    kolada_keys = set(
        IndicatorValue.objects.filter(source=IndicatorValue.Source.KOLADA).values_list(
            "indicator__code", "municipality__code", "group__code", "period", "gender"
        )
    )
    rows = [
        ValueRow(kpi, unit, period, "T", float(value), "", None, False)
        for kpi, unit, period, value in data["values"]
        if (kpi, None if unit.startswith("G") else unit, unit if unit.startswith("G") else None,
            period, "T") not in kolada_keys
    ]  # fmt: skip
    store = MemoryValueStore()
    store.add(rows)
    counts = store.merge(source=IndicatorValue.Source.DOCUMENT)
    return (
        f"{len(data['indicators'])} nyckeltal, {len(rows)} värden ur dokumenten "
        f"({counts.created} nya)"
    )
