"""Phase-2 writes of Kolada metadata: KPIs, municipalities and groups with their members.

Everything is written in bulk, keyed on Kolada's ids (titles and members change every
year): a handful of statements for the whole catalogue (6 099 KPIs, 312 units, 3 630 groups,
26 573 memberships), whatever its size. Each writer returns its warnings and its counts of
rows created, updated and unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection

from apps.imports.kolada.payloads import parse_date, repair_mojibake
from apps.imports.kolada.units import unit_from_title
from apps.indicators.models import Indicator
from apps.organisations.areas import area_of_group
from apps.organisations.models import ComparisonGroup, Municipality

DISCONTINUED_SUFFIX = re.compile(r"\(\s*-\s*\d{4}\s*\)\s*$")
MOJIBAKE_FIXED = "Titeln för {id} var felkodad ({bad!r}) och rättades till {good!r}."
STUB_KPI = "Metadata saknades för {code}; nyckeltalet skapades med id som namn."
BATCH = 2000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # memberships Kolada no longer lists


@dataclass
class MetadataResult:
    """What the metadata writers did: warnings and counts per kind."""

    warnings: list[str] = field(default_factory=list)
    kpis: Counts = field(default_factory=Counts)
    municipalities: Counts = field(default_factory=Counts)
    groups: Counts = field(default_factory=Counts)
    memberships: Counts = field(default_factory=Counts)

    def as_counts(self) -> dict[str, dict[str, int]]:
        return {
            "kpis": asdict(self.kpis),
            "municipalities": asdict(self.municipalities),
            "groups": asdict(self.groups),
            "memberships": asdict(self.memberships),
        }


KPI_FIELDS = [
    "title",
    "description",
    "divided_by_gender",
    "operating_area",
    "municipality_type",
    "publ_period",
    "publication_date",
    "prel_publication_date",
    "discontinued",
    "auspice",
    "perspective",
    "has_ou_data",
    "source",
]


def _by_id(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Rows by id; a later row for the same id wins (pages may overlap)."""
    return {str(row["id"]): row for row in rows}


def _title(row: dict[str, Any], warnings: list[str]) -> str:
    title, fixed = repair_mojibake(str(row.get("title") or row["id"]))
    if fixed:
        warnings.append(MOJIBAKE_FIXED.format(id=row["id"], bad=row.get("title"), good=title))
    return title


def kpis_upsert(rows: Iterable[dict[str, Any]], result: MetadataResult | None = None) -> list[str]:
    """Create or refresh KPIs by id; unit and decimals are read from the title once (or
    again for a stub made before its metadata came), then left to the administrator."""
    result = result or MetadataResult()
    by_id = _by_id(rows)
    existing = {i.code: i for i in Indicator.objects.filter(code__in=list(by_id)).order_by()}
    to_create, to_update = [], []
    for code, row in by_id.items():
        title = _title(row, result.warnings)
        fields = {
            "title": title[:400],
            "description": str(row.get("description") or ""),
            "divided_by_gender": bool(row.get("is_divided_by_gender")),
            "operating_area": str(row.get("operating_area") or "")[:400],
            "municipality_type": str(row.get("municipality_type") or "")[:1],
            "publ_period": str(row.get("publ_period") or "")[:40],
            "publication_date": parse_date(row.get("publication_date")),
            "prel_publication_date": parse_date(row.get("prel_publication_date")),
            "discontinued": bool(DISCONTINUED_SUFFIX.search(title)),
            "auspice": str(row.get("auspice") or "")[:1],
            "perspective": str(row.get("perspective") or "")[:100],
            "has_ou_data": bool(row.get("has_ou_data")),
            "source": Indicator.Source.KOLADA,
        }
        indicator = existing.get(code)
        if indicator is None:
            indicator = Indicator(code=code, **fields)
            indicator.unit, indicator.decimals = unit_from_title(title)
            to_create.append(indicator)
            continue
        changed = any(getattr(indicator, name) != value for name, value in fields.items())
        if indicator.title == indicator.code:  # a stub made before its metadata came
            indicator.unit, indicator.decimals = unit_from_title(title)
            changed = True
        if not changed:
            result.kpis.unchanged += 1
            continue
        for name, value in fields.items():
            setattr(indicator, name, value)
        to_update.append(indicator)
    Indicator.objects.bulk_create(to_create, batch_size=BATCH)
    Indicator.objects.bulk_update(to_update, [*KPI_FIELDS, "unit", "decimals"], batch_size=500)
    result.kpis.created += len(to_create)
    result.kpis.updated += len(to_update)
    return result.warnings


def kpi_stubs_create(codes: Iterable[str]) -> list[str]:
    """Indicators for data whose KPI metadata was not imported (a later kpi import names them)."""
    codes = list(codes)
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(set(codes) - known)
    Indicator.objects.bulk_create(
        [Indicator(code=code, title=code, source=Indicator.Source.KOLADA) for code in missing]
    )
    return [STUB_KPI.format(code=code) for code in missing]


def municipalities_upsert(
    rows: Iterable[dict[str, Any]], result: MetadataResult | None = None
) -> list[str]:
    result = result or MetadataResult()
    by_id = _by_id(rows)
    existing = {m.code: m for m in Municipality.objects.filter(code__in=list(by_id)).order_by()}
    to_create, to_update = [], []
    for code, row in by_id.items():
        title = _title(row, result.warnings)[:100]
        kind = str(row["type"]) if row.get("type") in {"K", "L"} else Municipality.Kind.KOMMUN
        municipality = existing.get(code)
        if municipality is None:
            to_create.append(Municipality(code=code, name=title, kind=kind))
        elif (municipality.name, municipality.kind) != (title, kind):
            municipality.name, municipality.kind = title, kind
            to_update.append(municipality)
        else:
            result.municipalities.unchanged += 1
    Municipality.objects.bulk_create(to_create, batch_size=BATCH)
    Municipality.objects.bulk_update(to_update, ["name", "kind"], batch_size=BATCH)
    result.municipalities.created += len(to_create)
    result.municipalities.updated += len(to_update)
    return result.warnings


def group_kind(title: str) -> str:
    lowered = title.lower()
    if "liknande" in lowered:
        return ComparisonGroup.Kind.SIMILAR
    if "alla kommuner" in lowered or "riket" in lowered:
        return ComparisonGroup.Kind.NATIONAL
    return ComparisonGroup.Kind.REGION


def groups_upsert(
    rows: Iterable[dict[str, Any]], result: MetadataResult | None = None
) -> list[str]:
    """Groups and their members in a handful of statements, keyed on the group's id (the
    year in its title changes). A new group's kind and area come from its title; an
    existing group keeps what the administrator set, and only gets an area if it had none.
    Members unknown so far are created as kommuner; memberships Kolada no longer lists are
    removed."""
    result = result or MetadataResult()
    by_id = _by_id(rows)
    if not by_id:
        return result.warnings
    titles = {code: _title(row, result.warnings)[:200] for code, row in by_id.items()}
    existing = {g.code: g for g in ComparisonGroup.objects.filter(code__in=list(by_id)).order_by()}
    to_create, to_update = [], []
    for code, title in titles.items():
        group = existing.get(code)
        if group is None:
            to_create.append(
                ComparisonGroup(
                    code=code, name=title, kind=group_kind(title), area=area_of_group(title)
                )
            )
            continue
        area = group.area or area_of_group(title)
        if (group.name, group.area) == (title, area):
            result.groups.unchanged += 1
            continue
        group.name, group.area = title, area
        to_update.append(group)
    ComparisonGroup.objects.bulk_create(to_create, batch_size=BATCH)
    ComparisonGroup.objects.bulk_update(to_update, ["name", "area"], batch_size=BATCH)
    result.groups.created += len(to_create)
    result.groups.updated += len(to_update)

    # Members: the municipalities first (one insert for those not known yet) ...
    member_names: dict[str, str] = {}
    for row in by_id.values():
        for member in row.get("members") or []:
            name, _ = repair_mojibake(str(member.get("member_title") or member["member_id"]))
            member_names.setdefault(str(member["member_id"]), name[:100])
    known = dict(Municipality.objects.filter(code__in=list(member_names)).values_list("code", "pk"))
    new = [Municipality(code=c, name=n) for c, n in member_names.items() if c not in known]
    Municipality.objects.bulk_create(new, batch_size=BATCH)
    result.municipalities.created += len(new)
    if new:
        known = dict(
            Municipality.objects.filter(code__in=list(member_names)).values_list("code", "pk")
        )
    # ... then the memberships: one read, one insert, one delete.
    group_ids = dict(ComparisonGroup.objects.filter(code__in=list(by_id)).values_list("code", "pk"))
    wanted = {
        (group_ids[code], known[str(member["member_id"])])
        for code, row in by_id.items()
        for member in row.get("members") or []
    }
    through = ComparisonGroup.members.through
    current = {
        (group_id, municipality_id): pk
        for pk, group_id, municipality_id in through.objects.filter(
            comparisongroup_id__in=list(group_ids.values())
        ).values_list("pk", "comparisongroup_id", "municipality_id")
    }
    added = sorted(wanted - current.keys())
    stale = [pk for key, pk in current.items() if key not in wanted]
    _memberships_write(added, stale)
    result.memberships.created += len(added)
    result.memberships.unchanged += len(wanted & current.keys())
    result.memberships.removed += len(stale)
    return result.warnings


def _memberships_write(added: list[tuple[int, int]], stale: list[int]) -> None:
    """Insert (group id, municipality id) pairs and delete memberships by id: on PostgreSQL
    one statement each, the pairs passed as two arrays (26 573 model instances would cost
    seconds); elsewhere in batches through the ORM."""
    through = ComparisonGroup.members.through
    table = through._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if added:
                cursor.execute(
                    f"INSERT INTO {table} (comparisongroup_id, municipality_id) "
                    "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                    [[group for group, _ in added], [member for _, member in added]],
                )
            if stale:
                cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [stale])
        return
    through.objects.bulk_create(
        [through(comparisongroup_id=group, municipality_id=member) for group, member in added],
        batch_size=5000,
    )
    for start in range(0, len(stale), 5000):
        through.objects.filter(pk__in=stale[start : start + 5000]).delete()
