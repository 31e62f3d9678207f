"""Phase-2 writes of Kolada metadata: KPIs, municipalities and groups with their members."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from apps.imports.kolada.payloads import parse_date, repair_mojibake
from apps.indicators.models import Indicator
from apps.organisations.models import ComparisonGroup, Municipality

DISCONTINUED_SUFFIX = re.compile(r"\(\s*-\s*\d{4}\s*\)\s*$")
MOJIBAKE_FIXED = "Titeln för {id} var felkodad ({bad!r}) och rättades till {good!r}."
STUB_KPI = "Metadata saknades för {code}; nyckeltalet skapades med id som namn."


def guess_unit(title: str) -> tuple[str, int]:
    """Unit and decimals from a Kolada title; set once, then the administrator's to change."""
    lowered = title.lower()
    if "%" in title or "andel" in lowered:
        return Indicator.Unit.PERCENT, 1
    if "kr/" in lowered or "kronor" in lowered or re.search(r"\bkr\b", lowered):
        return Indicator.Unit.KRONOR, 0
    if "dagar" in lowered:
        return Indicator.Unit.DAYS, 0
    if "index" in lowered:
        return Indicator.Unit.INDEX, 0
    if "antal" in lowered:
        return Indicator.Unit.COUNT, 0
    return Indicator.Unit.OTHER, 1


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
    "source",
]


def kpis_upsert(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Create or refresh KPIs by id; unit and decimals are guessed once, then left alone."""
    warnings: list[str] = []
    rows = list(rows)
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[r["id"] for r in rows])}
    to_create, to_update = [], []
    for row in rows:
        title, fixed = repair_mojibake(str(row.get("title") or row["id"]))
        if fixed:
            warnings.append(MOJIBAKE_FIXED.format(id=row["id"], bad=row.get("title"), good=title))
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
            "source": Indicator.Source.KOLADA,
        }
        indicator = existing.get(row["id"])
        if indicator is None:
            indicator = Indicator(code=row["id"], **fields)
            indicator.unit, indicator.decimals = guess_unit(title)
            to_create.append(indicator)
            continue
        if indicator.title == indicator.code:  # a stub made before its metadata came
            indicator.unit, indicator.decimals = guess_unit(title)
        for name, value in fields.items():
            setattr(indicator, name, value)
        to_update.append(indicator)
    Indicator.objects.bulk_create(to_create, batch_size=500)
    Indicator.objects.bulk_update(to_update, [*KPI_FIELDS, "unit", "decimals"], batch_size=500)
    return warnings


def kpi_stubs_create(codes: Iterable[str]) -> list[str]:
    """Indicators for data whose KPI metadata was not imported (a later kpi import names them)."""
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(set(codes) - known)
    Indicator.objects.bulk_create(
        [Indicator(code=code, title=code, source=Indicator.Source.KOLADA) for code in missing]
    )
    return [STUB_KPI.format(code=code) for code in missing]


def municipalities_upsert(rows: Iterable[dict[str, Any]]) -> list[str]:
    warnings: list[str] = []
    rows = list(rows)
    existing = {m.code: m for m in Municipality.objects.filter(code__in=[r["id"] for r in rows])}
    to_create, to_update = [], []
    for row in rows:
        title, fixed = repair_mojibake(str(row.get("title") or row["id"]))
        if fixed:
            warnings.append(MOJIBAKE_FIXED.format(id=row["id"], bad=row.get("title"), good=title))
        kind = str(row["type"]) if row.get("type") in {"K", "L"} else Municipality.Kind.KOMMUN
        municipality = existing.get(row["id"])
        if municipality is None:
            to_create.append(Municipality(code=row["id"], name=title, kind=kind))
        elif (municipality.name, municipality.kind) != (title, kind):
            municipality.name, municipality.kind = title, kind
            to_update.append(municipality)
    Municipality.objects.bulk_create(to_create)
    Municipality.objects.bulk_update(to_update, ["name", "kind"])
    return warnings


def group_kind(title: str) -> str:
    lowered = title.lower()
    if "liknande" in lowered:
        return ComparisonGroup.Kind.SIMILAR
    if "alla kommuner" in lowered or "riket" in lowered:
        return ComparisonGroup.Kind.NATIONAL
    return ComparisonGroup.Kind.REGION


def groups_upsert(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Groups keep their id while the year in the title changes: key on the id."""
    warnings: list[str] = []
    for row in rows:
        title, fixed = repair_mojibake(str(row.get("title") or row["id"]))
        if fixed:
            warnings.append(MOJIBAKE_FIXED.format(id=row["id"], bad=row.get("title"), good=title))
        group, created = ComparisonGroup.objects.get_or_create(
            code=row["id"], defaults={"name": title, "kind": group_kind(title)}
        )
        if not created and group.name != title:
            group.name = title
            group.save(update_fields=["name"])
        members = []
        for member in row.get("members") or []:
            name, fixed = repair_mojibake(str(member.get("member_title") or member["member_id"]))
            municipality, _ = Municipality.objects.get_or_create(
                code=member["member_id"], defaults={"name": name}
            )
            members.append(municipality)
        group.members.set(members)
    return warnings
