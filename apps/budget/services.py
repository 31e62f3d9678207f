"""Ledger and investment imports: every row checked first, then the tree and the amounts
written in one transaction. Re-importing replaces, per (typ, period, ansvar), what was there;
a key whose amounts are the same is left untouched, so the same file twice changes nothing.
This is the one module that writes what the readers in apps.budget.ledger read."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction

from apps.budget.ledger import (
    KEEP_PARENT,
    InvestmentFileGiven,
    LedgerFileError,
    LedgerRow,
    Mapping,
    read_ledger,
)
from apps.budget.ledger.investments import InvestmentRow, read_investments
from apps.budget.ledger.layouts import detect
from apps.budget.ledger.mapping import fits
from apps.budget.models import (
    AccountOverride,
    ColumnMapping,
    CostCentre,
    Investment,
    LedgerEntry,
    LedgerMonthSummary,
)
from apps.core.table_files import read_table
from apps.imports.lifecycle import import_run
from apps.imports.models import ImportRun
from apps.organisations.models import Committee

UNKNOWN_PARENT = (
    "{file}, rad {row}, kolumn 'overordnat_ansvar': ansvar {parent} beskrivs varken i filen "
    "eller hos nämnden; det skapas med koden som namn tills en fil namnger det"
)
UNKNOWN_MAPPING = "Kolumnmappningen {name!r} finns inte för nämnden (finns: {names})"
PARENT_LOOP = "{file}: ansvaren {codes} är varandras överordnade (en slinga)"
OTHER_NAME = "Ansvar {code} heter både {first!r} och {second!r} i filen; det senare används."

Key = tuple[int, str, int, int]  # cost centre id, kind, year, month
Amounts = dict[tuple[str, bool], Decimal]  # (account, is_revenue) → sum


def ledger_import(
    *, committee: Committee, path: Path, run: ImportRun, name: str | None = None
) -> ImportRun:
    """Import one ledger file for a committee; the run records counts, warnings and errors.

    The layout (long, wide, account-based) is told from the header row. A column mapping is
    taken from run.parameters["mapping"] (its name) or, for a header of none of our layouts,
    from the committee's saved mappings that fit it. An investment file given here is read
    as investments (investments_import)."""
    label = f"fil {name or path.name}"
    with import_run(run, expected=(LedgerFileError,)) as lifecycle:
        mappings = [
            Mapping(m.name, m.columns) for m in ColumnMapping.objects.filter(committee=committee)
        ]
        chosen = str(run.parameters.get("mapping") or "")
        mapping = next((m for m in mappings if m.name == chosen), None)
        if chosen and mapping is None:
            names = ", ".join(m.name for m in mappings) or "inga"
            raise LedgerFileError([UNKNOWN_MAPPING.format(name=chosen, names=names)])
        overrides = dict(
            AccountOverride.objects.filter(committee=committee).values_list(
                "account", "kostnadsslag"
            )
        )
        try:
            ledger = read_ledger(
                path, name, mapping=mapping, saved_mappings=mappings, account_overrides=overrides
            )
        except InvestmentFileGiven:
            rows_in = read_investments(path, name)
            run.pages_expected = run.pages_done = 1
            with transaction.atomic():
                created, updated, unchanged = _investments_write(committee, rows_in)
            lifecycle.succeeded(
                created=created,
                updated=updated,
                unchanged=unchanged,
                warnings=[f"{label}: investeringar"],
            )
            return run
        rows = ledger.rows
        run.pages_expected = run.pages_done = 1
        with transaction.atomic():
            centres, warnings = _tree_write(committee, rows, label)
            created, updated, unchanged = _entries_write(committee, rows, centres)
            if created or updated:  # the summaries already hold what is unchanged
                ledger_summary_rebuild(committee=committee, years={row.year for row in rows})
        notes = [f"{label}: {ledger.layout.name}"]
        if ledger.mapping:
            notes[0] += f", kolumnmappning {ledger.mapping!r}"
        lifecycle.succeeded(
            created=created, updated=updated, unchanged=unchanged, warnings=[*notes, *warnings]
        )
    return run


def investments_import(
    *, committee: Committee, path: Path, run: ImportRun, name: str | None = None
) -> ImportRun:
    """Import one investment file (typ;ar;projekt;projekt_namn;belopp) for a committee."""
    with import_run(run, expected=(LedgerFileError,)) as lifecycle:
        rows = read_investments(path, name)
        run.pages_expected = run.pages_done = 1
        with transaction.atomic():
            created, updated, unchanged = _investments_write(committee, rows)
        lifecycle.succeeded(created=created, updated=updated, unchanged=unchanged)
    return run


def _investments_write(committee: Committee, rows: list[InvestmentRow]) -> tuple[int, int, int]:
    new: dict[tuple[str, str, int], tuple[str, Decimal]] = {}
    for row in rows:
        key = (row.project, row.kind, row.year)
        _, amount = new.get(key, ("", Decimal(0)))
        new[key] = (row.name, amount + row.amount)
    old = {
        (i.project, i.kind, i.year): i
        for i in Investment.objects.filter(committee=committee, year__in={k[2] for k in new})
    }
    created = updated = unchanged = 0
    for (project, kind, year), (project_name, amount) in new.items():
        existing = old.get((project, kind, year))
        if existing is None:
            Investment.objects.create(
                committee=committee, project=project, name=project_name, kind=kind, year=year,
                amount=amount,
            )  # fmt: skip
            created += 1
        elif existing.amount != amount or existing.name != project_name:
            existing.amount, existing.name = amount, project_name
            existing.save(update_fields=["amount", "name"])
            updated += 1
        else:
            unchanged += 1
    return created, updated, unchanged


def _tree_write(
    committee: Committee, rows: list[LedgerRow], label: str
) -> tuple[dict[str, CostCentre], list[str]]:
    names: dict[str, str] = {}  # "" where the file gives no name (a mapped file)
    parents: dict[str, tuple[str, int]] = {}
    warnings: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        if (row.code, row.name, row.parent) in seen:  # most rows repeat a cost centre
            continue
        seen.add((row.code, row.name, row.parent))
        known = names.get(row.code)
        if row.name and known and known != row.name and len(warnings) < 20:
            warnings.append(OTHER_NAME.format(code=row.code, first=known, second=row.name))
        if row.name or known is None:
            names[row.code] = row.name
        if row.parent != KEEP_PARENT:
            parents.setdefault(row.code, (row.parent, row.row))
    existing = {c.code: c for c in CostCentre.objects.filter(committee=committee)}
    for parent, number in parents.values():
        if parent and parent not in names and parent not in existing:
            # Named as a parent but described nowhere: created with its code as its name,
            # which a later row or file naming it replaces.
            warnings.append(UNKNOWN_PARENT.format(file=label, row=number, parent=parent))
            existing[parent] = CostCentre.objects.create(
                committee=committee, code=parent, name=parent
            )
    _refuse_loops(parents, existing, label)
    renamed = []
    for code, name in names.items():
        centre = existing.get(code)
        if centre is not None and name and centre.name != name:
            centre.name = name
            renamed.append(centre)
    CostCentre.objects.bulk_update(renamed, ["name"], batch_size=1000)
    new = [
        CostCentre(committee=committee, code=code, name=name or code)
        for code, name in names.items()
        if code not in existing
    ]
    for centre in CostCentre.objects.bulk_create(new, batch_size=1000):
        existing[centre.code] = centre
    if any(centre.pk is None for centre in new):  # a database that returns no ids
        existing = {c.code: c for c in CostCentre.objects.filter(committee=committee)}
    moved = []
    for code, (parent, _) in parents.items():
        centre = existing[code]
        parent_id = existing[parent].pk if parent else None
        if centre.parent_id != parent_id:
            centre.parent_id = parent_id
            moved.append(centre)
    CostCentre.objects.bulk_update(moved, ["parent"], batch_size=1000)
    return existing, warnings


def _refuse_loops(
    parents: dict[str, tuple[str, int]], existing: dict[str, CostCentre], label: str
) -> None:
    code_of = {centre.pk: code for code, centre in existing.items()}
    known = {code: code_of.get(centre.parent_id or 0, "") for code, centre in existing.items()}
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
    """Re-sum the committee's ledger for these years into LedgerMonthSummary (per cost
    centre, kind, year and kostnadsslag), in one INSERT … SELECT."""
    LedgerMonthSummary.objects.filter(committee=committee, year__in=years).delete()
    summary, entry = LedgerMonthSummary._meta.db_table, LedgerEntry._meta.db_table
    months = LedgerMonthSummary.MONTH_FIELDS
    sums = ", ".join(
        f"CAST(SUM(CASE WHEN month = {month} THEN amount END) AS DOUBLE PRECISION)"
        for month in range(len(months))
    )
    keys = "committee_id, cost_centre_id, kind, year, account, is_revenue"
    with connection.cursor() as cursor:
        for year in sorted(years):
            # Only table names and fixed column lists are formatted in (bandit reviewed).
            cursor.execute(
                f"INSERT INTO {summary} ({keys}, {', '.join(months)}) "  # nosec B608
                f"SELECT {keys}, {sums} FROM {entry} WHERE committee_id = %s AND year = %s "
                f"GROUP BY {keys}",
                [committee.pk, year],
            )


@dataclass
class FileHeader:
    """An uploaded file's header row, as the upload page needs it."""

    headings: list[str]
    needs_mapping: bool  # not ours (no typ column) and no saved mapping fits
    problem: str = ""  # the file cannot be read (its run will fail with the reason)


def file_header(path: Path, name: str, committee: Committee | None = None) -> FileHeader:
    """The file's headings and whether a column mapping must be chosen for them."""
    try:
        header, _ = read_table(path, f"fil {name}")
    except LedgerFileError as exc:
        return FileHeader([], False, str(exc))
    if "typ" in header or "projekt" in header:  # one of ours (its run names what is amiss)
        return FileHeader(header, False)
    try:
        detect(header, name)
    except ValueError:
        saved = ColumnMapping.objects.filter(committee=committee) if committee else []
        return FileHeader(header, not any(fits(header, m.columns) for m in saved))
    return FileHeader(header, False)


def column_mapping_save(
    *, committee: Committee, name: str, columns: dict[str, str]
) -> ColumnMapping:
    """Save (or replace) the committee's column mapping of this name."""
    mapping, _ = ColumnMapping.objects.update_or_create(
        committee=committee, name=name, defaults={"columns": columns}
    )
    return mapping


def run_mapping_claim(*, run: ImportRun, mapping: ColumnMapping) -> bool:
    """Give a kept upload's pending run its column mapping, once: True when this call did, so
    the caller starts the import; False when the run already has one (a second click, a
    replayed form) or is no longer pending, and nothing is to be started again.

    One conditional UPDATE, so two requests at once cannot both claim the run."""
    parameters = {**run.parameters, "mapping": mapping.name}
    claimed = (
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PENDING)
        .exclude(parameters__has_key="mapping")
        .update(parameters=parameters)
    )
    if claimed:
        run.parameters = parameters
    return bool(claimed)
