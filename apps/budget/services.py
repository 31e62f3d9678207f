"""Ledger imports: every row checked first, then the tree and the amounts written in one
transaction. Re-importing replaces, per (typ, period, ansvar), what was there; a key whose
amounts are the same is left untouched, so the same file twice changes nothing."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.models import FloatField, Q, Sum
from django.db.models.functions import Cast

from apps.budget.ledger_file import LedgerFileError, LedgerRow, read_ledger
from apps.budget.models import CostCentre, LedgerEntry, LedgerMonthSummary
from apps.imports.lifecycle import import_run
from apps.imports.models import ImportRun
from apps.organisations.models import Committee

UNKNOWN_PARENT = (
    "{file}, rad {row}, kolumn 'overordnat_ansvar': ansvar {parent} finns varken i filen "
    "eller hos nämnden"
)
PARENT_LOOP = "{file}: ansvaren {codes} är varandras överordnade (en slinga)"
OTHER_NAME = "Ansvar {code} heter både {first!r} och {second!r} i filen; det senare används."

Key = tuple[int, str, int, int]  # cost centre id, kind, year, month
Amounts = dict[tuple[str, bool], Decimal]  # (account, is_revenue) → sum


def ledger_import(
    *, committee: Committee, path: Path, run: ImportRun, name: str | None = None
) -> ImportRun:
    """Import one ledger file for a committee; the run records counts, warnings and errors."""
    label = f"fil {name or path.name}"
    with import_run(run, expected=(LedgerFileError,)) as lifecycle:
        rows = read_ledger(path, name)
        run.pages_expected = run.pages_done = 1
        with transaction.atomic():
            centres, warnings = _tree_write(committee, rows, label)
            created, updated, unchanged = _entries_write(committee, rows, centres)
            ledger_summary_rebuild(committee=committee, years={row.year for row in rows})
        lifecycle.succeeded(
            created=created, updated=updated, unchanged=unchanged, warnings=warnings
        )
    return run


def _tree_write(
    committee: Committee, rows: list[LedgerRow], label: str
) -> tuple[dict[str, CostCentre], list[str]]:
    names: dict[str, str] = {}
    parents: dict[str, tuple[str, int]] = {}
    warnings: list[str] = []
    for row in rows:
        if row.code in names and names[row.code] != row.name and len(warnings) < 20:
            warnings.append(
                OTHER_NAME.format(code=row.code, first=names[row.code], second=row.name)
            )
        names[row.code] = row.name
        parents.setdefault(row.code, (row.parent, row.row))
    existing = {c.code: c for c in CostCentre.objects.filter(committee=committee)}
    errors = [
        UNKNOWN_PARENT.format(file=label, row=number, parent=parent)
        for code, (parent, number) in parents.items()
        if parent and parent not in names and parent not in existing
    ]
    if errors:
        raise LedgerFileError(errors)
    _refuse_loops(parents, existing, label)
    for code, name in names.items():
        centre = existing.get(code)
        if centre is None:
            existing[code] = CostCentre.objects.create(committee=committee, code=code, name=name)
        elif centre.name != name:
            centre.name = name
            centre.save(update_fields=["name"])
    for code, (parent, _) in parents.items():
        centre = existing[code]
        parent_id = existing[parent].pk if parent else None
        if centre.parent_id != parent_id:
            centre.parent_id = parent_id
            centre.save(update_fields=["parent"])
    return existing, warnings


def _refuse_loops(
    parents: dict[str, tuple[str, int]], existing: dict[str, CostCentre], label: str
) -> None:
    known = {code: centre.parent.code if centre.parent else "" for code, centre in existing.items()}
    known.update({code: parent for code, (parent, _) in parents.items()})
    for start in parents:
        seen = [start]
        code = known.get(start, "")
        while code:
            if code in seen:
                raise LedgerFileError([PARENT_LOOP.format(file=label, codes=", ".join(seen))])
            seen.append(code)
            code = known.get(code, "")


def _entries_write(
    committee: Committee, rows: list[LedgerRow], centres: dict[str, CostCentre]
) -> tuple[int, int, int]:
    new: dict[Key, Amounts] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        key = (centres[row.code].pk, row.kind, row.year, row.month)
        new[key][(row.account, row.is_revenue)] += row.amount
    periods = {(kind, year, month) for _, kind, year, month in new}
    old: dict[Key, Amounts] = defaultdict(lambda: defaultdict(Decimal))
    for kind, year, month in periods:
        for centre_id, account, is_revenue, amount in LedgerEntry.objects.filter(
            committee=committee, kind=kind, year=year, month=month
        ).values_list("cost_centre_id", "account", "is_revenue", "amount"):
            old[(centre_id, kind, year, month)][(account, is_revenue)] += amount
    changed = [key for key, amounts in new.items() if old.get(key) != amounts]
    created = sum(1 for key in changed if key not in old)
    by_period: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for centre_id, kind, year, month in changed:
        by_period[(kind, year, month)].append(centre_id)
    for (kind, year, month), centre_ids in by_period.items():
        LedgerEntry.objects.filter(
            committee=committee, kind=kind, year=year, month=month, cost_centre_id__in=centre_ids
        ).delete()
    changed_keys = set(changed)
    _insert(committee, [(key, amounts) for key, amounts in new.items() if key in changed_keys])
    return created, len(changed) - created, len(new) - len(changed)


def _insert(committee: Committee, items: list[tuple[Key, Amounts]]) -> None:
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for (centre_id, kind, year, month), amounts in items:
            for (account, is_revenue), amount in amounts.items():
                revenue = "t" if is_revenue else "f"
                buffer.write(
                    f"{committee.pk}\t{centre_id}\t{kind}\t{year}\t{month}\t{account}\t"
                    f"{revenue}\t{amount}\n"
                )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {LedgerEntry._meta.db_table} (committee_id, cost_centre_id, kind, year, "
                "month, account, is_revenue, amount) FROM STDIN"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        return
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                committee=committee,
                cost_centre_id=centre_id,
                kind=kind,
                year=year,
                month=month,
                account=account,
                is_revenue=is_revenue,
                amount=amount,
            )
            for (centre_id, kind, year, month), amounts in items
            for (account, is_revenue), amount in amounts.items()
        ],
        batch_size=2000,
    )


def ledger_summary_rebuild(*, committee: Committee, years: set[int]) -> None:
    """Re-sum the committee's ledger for these years into LedgerMonthSummary."""
    LedgerMonthSummary.objects.filter(committee=committee, year__in=years).delete()
    sums = {
        field: Sum(Cast("amount", FloatField()), filter=Q(month=month))
        for month, field in enumerate(LedgerMonthSummary.MONTH_FIELDS)
    }
    rows = (
        LedgerEntry.objects.filter(committee=committee, year__in=years)
        .values("cost_centre_id", "kind", "year", "is_revenue")
        .annotate(**sums)
        .order_by()
    )
    LedgerMonthSummary.objects.bulk_create(
        [LedgerMonthSummary(committee=committee, **row) for row in rows], batch_size=2000
    )
