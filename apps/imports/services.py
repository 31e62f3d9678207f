"""Kolada imports: saved v3 files or the live API, in two phases, one ImportRun each.

Phase 1 reads and checks everything (files or every page of every request) into a
staging area; nothing in the domain tables changes, so a failed or partial fetch never
replaces good data. Phase 2 writes metadata and values in one transaction.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from apps.imports.kolada import metadata
from apps.imports.kolada.client import PER_PAGE, KoladaClient, KoladaError
from apps.imports.kolada.payloads import (
    PayloadError,
    check_metadata,
    data_rows,
    load_payload,
    payload_kind,
)
from apps.imports.lifecycle import import_run
from apps.imports.models import ImportRun
from apps.imports.uploads import upload_store as upload_store  # where the views find it
from apps.indicators.models import Indicator
from apps.indicators.services import own_group_means_refresh
from apps.indicators.value_store import DuplicateValueError, ValueStore, open_value_store
from apps.organisations.models import RIKET_CODE, Committee, ComparisonGroup, Municipality

logger = logging.getLogger(__name__)

UNKNOWN_UNIT = (
    "{where}, rad {row}, fält 'municipality': okänd enhet {unit}. Importera kommunerna "
    "(municipality) eller grupperna (municipality_groups) först, eller i samma körning."
)
MISSING_PAIR = "Inga värden kom tillbaka för {kpi} × {unit}."
NO_KPIS = "Nämnden följer inga Kolada-nyckeltal ännu; inget att hämta."


@dataclass
class Staging:
    """What phase 1 collected: values in the store, metadata rows in memory."""

    store: ValueStore
    kpi_rows: list[dict[str, Any]] = field(default_factory=list)
    municipality_rows: list[dict[str, Any]] = field(default_factory=list)
    group_rows: list[dict[str, Any]] = field(default_factory=list)
    kpi_codes: set[str] = field(default_factory=set)
    unit_first_seen: dict[str, tuple[str, int]] = field(default_factory=dict)
    seen_pairs: set[tuple[str, str]] = field(default_factory=set)

    def add_values(self, values: list[Any], where: str) -> None:
        self.store.add(data_rows(values, where))  # checks every row while staging it
        for number, row in enumerate(values, start=1):
            self.unit_first_seen.setdefault(row["municipality"], (where, number))
        pairs = {(row["kpi"], row["municipality"]) for row in values}
        self.seen_pairs |= pairs
        self.kpi_codes.update(kpi for kpi, _ in pairs)

    def add_payload(self, values: list[Any], where: str) -> None:
        if not values:
            return
        kind = payload_kind(values, where)
        if kind == "data":
            self.add_values(values, where)
            return
        check_metadata(kind, values, where)
        if kind == "kpi":
            self.kpi_rows.extend(values)
        elif kind == "municipality":
            self.municipality_rows.extend(values)
        else:
            self.group_rows.extend(values)

    def check_units(self) -> None:
        known = {row["id"] for row in self.municipality_rows + self.group_rows}
        known.update(Municipality.objects.values_list("code", flat=True))
        known.update(ComparisonGroup.objects.values_list("code", flat=True))
        for unit, (where, row) in self.unit_first_seen.items():
            if unit not in known:
                raise PayloadError(UNKNOWN_UNIT.format(where=where, row=row, unit=unit))


class Progress:
    """Writes pages done/expected to the run at most twice a second (outside any transaction)."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self._saved_at = 0.0

    def __call__(self, done: int, expected: int, *, force: bool = False) -> None:
        self.run.pages_done, self.run.pages_expected = done, max(expected, done)
        if force or time.monotonic() - self._saved_at > 0.5:
            self.run.save(update_fields=["pages_done", "pages_expected"])
            self._saved_at = time.monotonic()


def import_run_create(
    *,
    kind: str,
    trigger: str,
    parameters: dict[str, Any],
    committee: Committee | None = None,
    user: User | None = None,
) -> ImportRun:
    return ImportRun.objects.create(
        kind=kind, trigger=trigger, parameters=parameters, committee=committee, started_by=user
    )


def kolada_import_files(*, run: ImportRun, paths: Iterable[Path]) -> ImportRun:
    """Import saved Kolada v3 payloads (data, kpi, municipality, municipality_groups)."""
    files = expand_paths(paths)

    def collect(staging: Staging, progress: Progress) -> None:
        for number, path in enumerate(files, start=1):
            payload = load_payload(path)
            staging.add_payload(payload["values"], f"fil {path.name}")
            progress(number, len(files))

    return _run_import(run, collect)


def kolada_fetch(*, run: ImportRun, client: KoladaClient | None = None) -> ImportRun:
    """Fetch KPI metadata, groups and data from the API for run.parameters.

    parameters: kpis (ids), units (municipality codes or G-ids), years [from, to],
    from_date (ISO date or null: everything).
    """
    params = run.parameters
    kpis: list[str] = params["kpis"]
    units: list[str] = params["units"]
    years = range(int(params["years"][0]), int(params["years"][1]) + 1)
    from_date = date.fromisoformat(params["from_date"]) if params.get("from_date") else None
    client = client or KoladaClient.from_settings()

    def collect(staging: Staging, progress: Progress) -> None:
        paths = client.data_requests(kpis, units, years)
        done, expected = 0, len(paths) + 2
        staging.kpi_rows.extend(client.kpis(kpis))
        group_ids = [unit for unit in units if unit.startswith("G")]
        staging.group_rows.extend(client.municipality_groups(group_ids))
        known = set(Municipality.objects.values_list("code", flat=True))
        unknown = [unit for unit in units if not unit.startswith("G") and unit not in known]
        staging.municipality_rows.extend(client.municipalities(unknown) if unknown else [])
        done = 2
        progress(done, expected, force=True)
        for path in paths:
            for number, page in enumerate(client.pages(path, from_date=from_date)):
                if number == 0:  # the first page says how many this request has
                    expected += max(1, math.ceil(int(page.get("count") or 0) / PER_PAGE)) - 1
                done += 1
                staging.add_values(page["values"], f"svar från {path}")
                progress(done, expected)
        if from_date is None:
            missing = [
                MISSING_PAIR.format(kpi=kpi, unit=unit)
                for kpi in kpis
                for unit in units
                if (kpi, unit) not in staging.seen_pairs
            ]
            run.warnings.extend(missing)

    return _run_import(run, collect)


def _run_import(run: ImportRun, collect: Callable[[Staging, Progress], None]) -> ImportRun:
    progress = Progress(run)
    with import_run(
        run, expected=(KoladaError, PayloadError, DuplicateValueError, OSError)
    ) as lifecycle:
        store = open_value_store()
        try:
            staging = Staging(store=store)
            collect(staging, progress)
            staging.check_units()
            with transaction.atomic():
                written = _write(staging)
                warnings = written.warnings
                run.metadata_counts = written.as_counts()
                counts = store.merge(source="kolada")
                indicator_ids = Indicator.objects.filter(code__in=staging.kpi_codes).values_list(
                    "id", flat=True
                )
                own_group_means_refresh(indicator_ids=indicator_ids)
        finally:
            store.close()
        lifecycle.succeeded(
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            withdrawn=counts.withdrawn,
            warnings=warnings,
        )
    return run


def _write(staging: Staging) -> metadata.MetadataResult:
    result = metadata.MetadataResult()
    metadata.municipalities_upsert(staging.municipality_rows, result)
    metadata.groups_upsert(staging.group_rows, result)
    metadata.kpis_upsert(staging.kpi_rows, result)
    result.warnings += metadata.kpi_stubs_create(staging.kpi_codes)
    return result


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the .json (and gzipped .json.gz) files in it, in
    name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.glob("*.json"), *path.glob("*.json.gz")]))
        else:
            files.append(path)
    return files


def committee_refresh_units(committee: Committee) -> list[str]:
    """The units a committee's pages show, so the units its refresh asks Kolada for: its
    municipality; each comparison group's Kolada id (G2328 for kommungenomsnittet, where
    the committee compares with it) and, for a region group such as Göteborgsregionen, its
    member municipalities too (the comparison page and the ranking show each of them); the
    members of its own groups (their means are computed here); and riket (0000)."""
    units = [committee.municipality.code]
    for group in committee.comparison_groups.prefetch_related("members"):
        members = sorted(member.code for member in group.members.all())
        if group.is_kolada:
            units.append(group.code)
            if group.kind == ComparisonGroup.Kind.REGION:
                units.extend(members)
        else:
            units.extend(members)
    units.append(RIKET_CODE)
    return list(dict.fromkeys(units))


def committee_refresh_parameters(
    committee: Committee, *, years: int = 15, year_range: tuple[int, int] | None = None
) -> dict[str, Any]:
    """What a committee's refresh asks for (the button, the nightly task and `import_kolada
    --committee`): its Kolada KPIs for the units of `committee_refresh_units`, the last
    `years` years (or `year_range`), and only what changed since the last good run that
    asked for as much."""
    kpis = list(Indicator.objects.for_committee(committee).kolada().values_list("code", flat=True))
    units = committee_refresh_units(committee)
    this_year = timezone.localdate().year
    first, last_year = year_range or (this_year - years + 1, this_year)
    parameters: dict[str, Any] = {
        "kpis": kpis,
        "units": units,
        "years": [first, last_year],
        "from_date": None,
    }
    last = (
        ImportRun.objects.for_committee(committee)
        .succeeded()
        .filter(kind=ImportRun.Kind.KOLADA_API)
        .order_by("-started_at")
        .first()
    )
    if (
        last
        and set(last.parameters.get("kpis", [])) >= set(kpis)
        and set(last.parameters.get("units", [])) >= set(units)
        and _covers(last.parameters.get("years"), parameters["years"])
    ):
        # Incremental: only what Kolada changed since the last good run, deletions included.
        # The day in UTC, never later than the day in Sweden: a run at 00:30 asks from the
        # day before, which costs a few rows and misses none.
        parameters["from_date"] = last.started_at.date().isoformat() if last.started_at else None
    return parameters


def _covers(asked: Any, wanted: list[int]) -> bool:
    """Whether an earlier run's years [from, to] include the years wanted now."""
    if not isinstance(asked, list) or len(asked) != 2:
        return False
    return int(asked[0]) <= wanted[0] and int(asked[1]) >= wanted[1]


def kolada_refresh_committee(
    *,
    committee: Committee,
    trigger: str,
    user: User | None = None,
    year_range: tuple[int, int] | None = None,
) -> ImportRun:
    """Create the run for a committee's refresh (the caller runs or enqueues it)."""
    parameters = committee_refresh_parameters(committee, year_range=year_range)
    run = import_run_create(
        kind=ImportRun.Kind.KOLADA_API,
        trigger=trigger,
        parameters=parameters,
        committee=committee,
        user=user,
    )
    if not parameters["kpis"]:
        run.status, run.warnings = ImportRun.Status.SUCCEEDED, [NO_KPIS]
        run.started_at = run.finished_at = timezone.now()
        run.save()
    return run
