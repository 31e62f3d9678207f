"""Staged bulk upsert of indicator values: the write half of every Kolada import.

Phase 1 (`add`): rows go to a staging area — a session-local temporary table filled with
COPY on PostgreSQL, a list elsewhere. Nothing in the domain tables changes.
Phase 2 (`merge`, inside one transaction): codes are resolved to ids, withdrawn values are
deleted, new values inserted, changed ones updated; unchanged rows are not rewritten.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.indicators.models import Indicator, IndicatorValue
from apps.organisations.models import ComparisonGroup, Municipality

DUPLICATE_KEY = (
    "Samma värde förekommer två gånger i importen ({kpi}, {unit}, {period}, {gender}); "
    "ingenting sparades."
)
STAGE = "nk_value_stage"


class ValueRow(NamedTuple):
    """One value as Kolada gives it (a tuple: millions of them pass through an import)."""

    kpi: str
    unit: str  # municipality code (1489, 0000) or group id (G96190)
    period: str
    gender: str
    value: float | None
    status: str
    members: int | None  # Kolada's "count": 1, or the members behind a group mean
    deleted: bool
    row: int = 0  # the row in its payload, for messages


class DuplicateValueError(ValueError):
    """The same indicator × unit × period × gender twice in one import: which is right?"""


NULL = "\\N"  # COPY's text format for NULL
VALUE_TABLE = IndicatorValue._meta.db_table


@dataclass
class MergeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0


class ValueStore(Protocol):
    staged: int

    def add(self, rows: Iterable[ValueRow]) -> None: ...
    def merge(self, *, source: str, source_name: str = "") -> MergeCounts: ...
    def close(self) -> None: ...


def open_value_store() -> ValueStore:
    if connection.vendor == "postgresql":
        return PostgresValueStore()
    return MemoryValueStore()


def _copy_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class PostgresValueStore:
    """COPY into a temporary table, then per kind of unit a DELETE, an UPDATE and an
    INSERT … ON CONFLICT (or one plain INSERT where none of the staged KPIs has a value of
    that kind stored yet)."""

    BATCH = 20_000

    def __init__(self) -> None:
        self.staged = 0
        self._live = 0
        self._kpis: set[str] = set()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            # Keep the staged rows in memory where they fit. PostgreSQL refuses another
            # temp_buffers once the session has used a temporary table (and that refusal
            # would abort the import's transaction): then, under a savepoint, the session's
            # buffers stay as they are.
            with contextlib.suppress(DatabaseError), transaction.atomic():
                cursor.execute("SET temp_buffers = '512MB'")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} (kpi text, unit text, period varchar(7), "
                "gender char(1), value double precision, status varchar(20), count integer, "
                "deleted boolean)"
            )

    def add(self, rows: Iterable[ValueRow]) -> None:
        lines: list[str] = []
        for row in rows:
            value = NULL if row.value is None else repr(row.value)
            count = NULL if row.members is None else str(row.members)
            status = _copy_text(row.status) if row.status else ""
            deleted = "t" if row.deleted else "f"
            # kpi, unit, period and gender passed data_rows' ASCII patterns (no tab, no
            # newline, no backslash), so only the status needs COPY's escaping.
            lines.append(
                f"{row.kpi}\t{row.unit}\t{row.period}\t{row.gender}\t{value}\t{status}\t"
                f"{count}\t{deleted}\n"
            )
            self._live += not row.deleted
            self._kpis.add(row.kpi)
            if len(lines) >= self.BATCH:
                self._copy(lines)
                lines = []
        if lines:
            self._copy(lines)

    def _copy(self, lines: list[str]) -> None:
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy:
            copy.write("".join(lines))
        self.staged += len(lines)

    def merge(self, *, source: str, source_name: str = "") -> MergeCounts:
        """Write the staged rows; call inside a transaction. `source_name` names the
        document the values were taken from (blank for Kolada's own).

        1. Lock the value table against a second import (readers are not blocked) and
           refresh its statistics, so the planner does not take a large table for an empty
           one (a nested loop over a seq scan would make the merge quadratic).
        2. Refuse the import if a key occurs twice (which value would be right?): before
           any INSERT … ON CONFLICT, which would keep the first and drop the second
           silently; a plain INSERT (below) finds a repeated key itself, through the unique
           constraint, and the import is refused the same way.
        3. Per kind of unit, groups first (few rows): delete withdrawn values, update the
           ones whose value, status, count or source differ, and insert the rest with
           ON CONFLICT DO NOTHING (never an anti-join over the table being written).
           Unchanged rows are never rewritten. Where the table holds no value of this kind
           for any of the staged KPIs (their first import), there is nothing to delete,
           update or collide with: one plain INSERT, without the per-row conflict check.
        """
        counts = MergeCounts()
        kinds = (
            (ComparisonGroup._meta.db_table, "group_id"),
            (Municipality._meta.db_table, "municipality_id"),
        )
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(f"ANALYZE {STAGE}")
            cursor.execute(f"LOCK TABLE {VALUE_TABLE} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(f"ANALYZE {VALUE_TABLE}")
            first = {column: not self._any_value_of(cursor, column) for _, column in kinds}
            if not all(first.values()):
                self._refuse_duplicates(cursor)
            for unit_table, unit_column in kinds:
                join = (
                    f"JOIN {Indicator._meta.db_table} i ON i.code = s.kpi "
                    f"JOIN {unit_table} u ON u.code = s.unit"
                )
                same_key = (
                    f"v.indicator_id = i.id AND v.{unit_column} = u.id "
                    "AND v.period = s.period AND v.gender = s.gender"
                )
                insert = (
                    f"INSERT INTO {VALUE_TABLE} (indicator_id, {unit_column}, period, gender, "
                    "value, status, count, source, source_name, changed_at) "
                    "SELECT i.id, u.id, s.period, s.gender, s.value, s.status, s.count, "
                    f"%s, %s, %s FROM {STAGE} s {join} WHERE NOT s.deleted"
                )
                if first[unit_column]:
                    try:
                        with transaction.atomic():  # a savepoint, to name a repeated key
                            cursor.execute(insert, [source, source_name, timezone.now()])
                    except IntegrityError:
                        self._refuse_duplicates(cursor)
                        raise
                    counts.created += cursor.rowcount
                    continue
                cursor.execute(
                    f"DELETE FROM {VALUE_TABLE} v USING {STAGE} s {join} "
                    f"WHERE s.deleted AND {same_key}"
                )
                counts.withdrawn += cursor.rowcount
                cursor.execute(
                    f"UPDATE {VALUE_TABLE} v SET value = s.value, status = s.status, "
                    "count = s.count, source = %s, source_name = %s, changed_at = %s "
                    f"FROM {STAGE} s {join} WHERE NOT s.deleted AND {same_key} "
                    "AND (v.value, v.status, v.count, v.source, v.source_name) "
                    "IS DISTINCT FROM (s.value, s.status, s.count, %s, %s)",
                    [source, source_name, timezone.now(), source, source_name],
                )
                counts.updated += cursor.rowcount
                cursor.execute(
                    f"{insert} ON CONFLICT (indicator_id, {unit_column}, period, gender) "
                    f"WHERE {unit_column} IS NOT NULL DO NOTHING",
                    [source, source_name, timezone.now()],
                )
                counts.created += cursor.rowcount
        counts.unchanged = self._live - counts.created - counts.updated
        return counts

    def _any_value_of(self, cursor, unit_column: str) -> bool:  # type: ignore[no-untyped-def]
        """Does the table hold a value for a municipality (or group) of any staged KPI?"""
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {VALUE_TABLE} v "
            f"JOIN {Indicator._meta.db_table} i ON i.id = v.indicator_id "
            f"WHERE i.code = ANY(%s) AND v.{unit_column} IS NOT NULL)",
            [sorted(self._kpis)],
        )
        return bool(cursor.fetchone()[0])

    def _refuse_duplicates(self, cursor) -> None:  # type: ignore[no-untyped-def]
        cursor.execute(
            f"SELECT kpi, unit, period, gender FROM {STAGE} "
            "GROUP BY 1, 2, 3, 4 HAVING count(*) > 1 LIMIT 1"
        )
        duplicate = cursor.fetchone()
        if duplicate:
            kpi, unit, period, gender = duplicate
            raise DuplicateValueError(
                DUPLICATE_KEY.format(kpi=kpi, unit=unit, period=period, gender=gender)
            )

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


class MemoryValueStore:
    """The same two phases with the ORM, for SQLite (the first-run database)."""

    def __init__(self) -> None:
        self.rows: list[ValueRow] = []
        self.staged = 0

    def add(self, rows: Iterable[ValueRow]) -> None:
        before = len(self.rows)
        self.rows.extend(rows)
        self.staged += len(self.rows) - before

    def merge(self, *, source: str, source_name: str = "") -> MergeCounts:
        indicators = dict(
            Indicator.objects.filter(code__in={r.kpi for r in self.rows}).values_list("code", "id")
        )
        units = {r.unit for r in self.rows}
        municipalities = dict(Municipality.objects.filter(code__in=units).values_list("code", "id"))
        groups = dict(ComparisonGroup.objects.filter(code__in=units).values_list("code", "id"))
        existing = {
            (v.indicator_id, v.municipality_id, v.group_id, v.period, v.gender): v
            for v in IndicatorValue.objects.filter(indicator_id__in=indicators.values())
        }
        counts = MergeCounts()
        seen: set[tuple[object, ...]] = set()
        to_create: list[IndicatorValue] = []
        to_update: list[IndicatorValue] = []
        to_delete: list[int] = []
        now = timezone.now()
        for row in self.rows:
            municipality_id = municipalities.get(row.unit)
            group_id = None if municipality_id else groups.get(row.unit)
            key = (indicators[row.kpi], municipality_id, group_id, row.period, row.gender)
            if key in seen:
                raise DuplicateValueError(
                    DUPLICATE_KEY.format(
                        kpi=row.kpi, unit=row.unit, period=row.period, gender=row.gender
                    )
                )
            seen.add(key)
            current = existing.get(key)
            if row.deleted:
                if current:
                    to_delete.append(current.pk)
                continue
            fields = {
                "value": row.value,
                "status": row.status,
                "count": row.members,
                "source": source,
                "source_name": source_name,
            }
            if current is None:
                to_create.append(
                    IndicatorValue(
                        indicator_id=key[0],
                        municipality_id=municipality_id,
                        group_id=group_id,
                        period=row.period,
                        gender=row.gender,
                        changed_at=now,
                        **fields,
                    )
                )
            elif any(getattr(current, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(current, name, value)
                current.changed_at = now
                to_update.append(current)
            else:
                counts.unchanged += 1
        IndicatorValue.objects.bulk_create(to_create, batch_size=1000)
        IndicatorValue.objects.bulk_update(
            to_update,
            ["value", "status", "count", "source", "source_name", "changed_at"],
            batch_size=1000,
        )
        IndicatorValue.objects.filter(pk__in=to_delete).delete()
        counts.created, counts.updated, counts.withdrawn = (
            len(to_create),
            len(to_update),
            len(to_delete),
        )
        return counts

    def close(self) -> None:
        self.rows = []
