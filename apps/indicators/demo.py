"""Demo indicators: the seed documents' KPIs, the committees' choice, and the figures the
documents print (source "document", so a real Kolada refresh replaces them)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from apps.indicators.models import (
    Assessment,
    CommitteeIndicator,
    FollowUpPeriod,
    Frequency,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.indicators.value_store import MemoryValueStore, ValueRow
from apps.organisations.models import RIKET_CODE, Committee, ComparisonGroup, Role

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
    # The documents' "kommungenomsnitt" is Kolada's G2328, never riket: figures an older
    # demo stored on riket (0000) go.
    IndicatorValue.objects.filter(
        source=IndicatorValue.Source.DOCUMENT, municipality__code=RIKET_CODE
    ).delete()
    documents: dict[str, str] = data["documents"]
    created = total = 0
    for document, name in documents.items():
        rows = [
            ValueRow(kpi, unit, period, "T", float(value), "", None, False)
            for kpi, unit, period, value, source in data["values"]
            if source == document
            and (
                kpi,
                None if unit.startswith("G") else unit,
                unit if unit.startswith("G") else None,
                period,
                "T",
            )
            not in kolada_keys
        ]
        store = MemoryValueStore()
        store.add(rows)
        counts = store.merge(source=IndicatorValue.Source.DOCUMENT, source_name=name)
        created += counts.created
        total += len(rows)
    return f"{len(data['indicators'])} nyckeltal, {total} värden ur dokumenten ({created} nya)"


GOALS_FILE = settings.BASE_DIR / "fixtures" / "demo" / "goals.json"


@transaction.atomic
def load_goals() -> str:
    """Alingsås's own figures and its three goals for 2024 with targets and assessments."""
    data = json.loads(GOALS_FILE.read_text(encoding="utf-8"))
    own_count = 0
    for slug, specs in data["own_indicators"].items():
        committee = Committee.objects.select_related("municipality").get(slug=slug)
        for order, spec in enumerate(specs, start=100):
            indicator, _ = Indicator.objects.update_or_create(
                code=spec["code"],
                defaults={
                    "source": Indicator.Source.OWN,
                    "committee": committee,
                    "title": spec["title"],
                    "unit": spec["unit"],
                    "decimals": spec["decimals"],
                    "higher_is_better": spec["higher_is_better"],
                    "divided_by_gender": spec.get("divided_by_gender", False),
                    "valid_min": spec.get("valid_min"),
                    "valid_max": spec.get("valid_max"),
                    "frequency": spec.get("frequency", Frequency.QUARTER),
                    "due_in": spec.get("due_in", ""),
                    "cumulative": spec.get("cumulative", False),
                    "owner": User.objects.filter(username=spec.get("owner", "")).first(),
                },
            )
            CommitteeIndicator.objects.update_or_create(
                committee=committee, indicator=indicator, defaults={"order": order}
            )
            for unit, period, gender, value in spec["values"]:
                # The region's figures (GR's personnel statistics) are the document's, and
                # say so; the committee's own are its own entries.
                unit_field, source = (
                    (
                        {"group": ComparisonGroup.objects.get(code=unit)},
                        {
                            "source": IndicatorValue.Source.DOCUMENT,
                            "source_name": data["group_values_from"],
                        },
                    )
                    if unit.startswith("G")
                    else (
                        {"municipality": committee.municipality},
                        {"source": IndicatorValue.Source.OWN, "source_name": ""},
                    )
                )
                value_row, created = IndicatorValue.objects.get_or_create(
                    indicator=indicator,
                    period=period,
                    gender=gender,
                    **unit_field,
                    defaults={"value": value, **source},
                )
                if not created and value_row.source_name != source["source_name"]:
                    value_row.source, value_row.source_name = (
                        source["source"],
                        source["source_name"],
                    )
                    value_row.save(update_fields=["source", "source_name"])
                own_count += created
    goal_count = 0
    for slug, goals in data["goals"].items():
        committee = Committee.objects.get(slug=slug)
        for order, spec in enumerate(goals):
            goal, _ = Goal.objects.update_or_create(
                committee=committee,
                title=spec["title"],
                defaults={
                    "kf_goal": spec["kf_goal"],
                    "first_year": spec["first_year"],
                    "last_year": spec["last_year"],
                    "order": order,
                },
            )
            goal_count += 1
            for position, (code, direction, targets) in enumerate(spec["indicators"]):
                goal_indicator, _ = GoalIndicator.objects.update_or_create(
                    goal=goal,
                    indicator=Indicator.objects.get(code=code),
                    defaults={"direction": direction, "order": position},
                )
                for year, value in targets.items():
                    Target.objects.update_or_create(
                        goal_indicator=goal_indicator, year=int(year), defaults={"value": value}
                    )
            for period, (signal, analysis) in spec["assessments"].items():
                Assessment.objects.get_or_create(
                    goal=goal,
                    period=period,
                    defaults={"signal": signal, "analysis": analysis, "status": "ready"},
                )
    ready = _demo_periods_ready()
    return f"{goal_count} mål, {own_count} nya egna värden, {ready} uppföljningar klara"


def _demo_periods_ready() -> int:
    """The demo's own figures and assessments come from documents the committees approved:
    their follow-up periods are marked ready and published (by the committee's controller),
    so readers see them and no old period shows as overdue."""
    now = timezone.now()
    count = 0
    for committee in Committee.objects.all():
        periods = set(
            IndicatorValue.objects.filter(
                indicator__committee=committee, source=IndicatorValue.Source.OWN
            ).values_list("period", flat=True)
        ) | set(
            Assessment.objects.filter(goal__committee=committee).values_list("period", flat=True)
        )
        controller = User.objects.filter(
            committee_roles__committee=committee, committee_roles__role=Role.CONTROLLER
        ).first()
        for period in sorted(periods):
            _, created = FollowUpPeriod.objects.get_or_create(
                committee=committee,
                period=period,
                defaults={
                    "status": FollowUpPeriod.Status.READY,
                    "marked_ready_by": controller,
                    "marked_ready_at": now,
                    "published_by": controller,
                    "published_at": now,
                },
            )
            count += created
    return count
