"""Helpers for tests that run on the demo data (`manage.py load_demo`).

`load_demo()` gives a test exactly what `call_command("load_demo")` gives it, but runs the
command once per test session: the first call runs it inside a transaction that is rolled
back, keeps every row it wrote (PostgreSQL `COPY ... TO STDOUT`, in memory) and from then
on writes those rows back with `COPY ... FROM STDIN` (some 50 ms instead of 1–3 s). The
snapshot is taken, and written back, only in an empty test database (every table with the
row count it had right after the migrations); anywhere else, and on SQLite, the command
itself runs, so a test that builds its own objects first still gets the command's real
merge. The `demo` fixture in tests/conftest.py is this function.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from apps.indicators.models import NewestValue
from apps.organisations.demo import DEMO_PASSWORD

# Tables the database fills itself (triggers) when the rows above are written back: kept
# out of the snapshot, or they would be written twice.
DERIVED = {NewestValue._meta.db_table}


def login(username: str) -> Client:
    """A test client logged in as one of the demo users."""
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


@dataclass
class _Snapshot:
    counts: dict[str, int]  # every table's row count before the command ran
    rows: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # table: (columns, COPY)
    sequences: dict[str, str] = field(default_factory=dict)  # "table.column": its sequence


_empty: dict[str, int] | None = None  # row counts of the freshly migrated test database
_snapshot: _Snapshot | None = None
_unusable = False  # the command wrote rows a snapshot cannot hold: always run it


def record_empty_state() -> None:
    """Called once, right after the test database is created (tests/conftest.py)."""
    global _empty
    if connection.vendor == "postgresql":
        _empty = _row_counts()


def load_demo() -> None:
    """The demo data, as `manage.py load_demo` loads it (see the module's docstring)."""
    global _snapshot, _unusable
    if connection.vendor != "postgresql" or _unusable or _empty is None:
        _run_command()
        return
    counts = _row_counts()
    if _snapshot is None:
        if counts != _empty:  # not the empty database: nothing to take a snapshot of
            _run_command()
            return
        try:
            _snapshot = _take(counts)
        except _Unusable:
            _unusable = True
            _run_command()
            return
    if counts != _snapshot.counts:
        _run_command()
        return
    _restore(_snapshot)


class _Unusable(Exception):
    pass


class _Rollback(Exception):
    pass


def _run_command() -> None:
    call_command("load_demo", stdout=io.StringIO())


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _row_counts() -> dict[str, int]:
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)
        )
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _take(before: dict[str, int]) -> _Snapshot:
    """Run the command in a transaction that is rolled back, and keep what it wrote."""
    snapshot = _Snapshot(counts=before)
    try:
        with transaction.atomic():
            _run_command()
            after = _row_counts()
            with connection.cursor() as cursor:
                for table in (t for t in after if after[t] != before[t] and t not in DERIVED):
                    if before[table]:  # a table that had rows already (e.g. permissions)
                        raise _Unusable(table)
                    columns = ", ".join(
                        f'"{c.name}"'
                        for c in connection.introspection.get_table_description(cursor, table)
                    )
                    data = io.BytesIO()
                    with cursor.cursor.copy(f'COPY "{table}" ({columns}) TO STDOUT') as copy:
                        for block in copy:
                            data.write(block)
                    snapshot.rows[table] = (columns, data.getvalue())
                    # the key's sequence: "id", or "history_id" in django-simple-history's
                    cursor.execute(
                        "SELECT attname, pg_get_serial_sequence(%s, attname) FROM pg_attribute"
                        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
                        " AND pg_get_serial_sequence(%s, attname) IS NOT NULL",
                        [f'"{table}"'] * 3,
                    )
                    for column, sequence in cursor.fetchall():
                        snapshot.sequences[f"{table}.{column}"] = sequence
            raise _Rollback
    except _Rollback:
        pass
    cache.clear()  # nothing the rolled-back command cached may outlive its rows
    return snapshot


def _restore(snapshot: _Snapshot) -> None:
    """Write the kept rows back (foreign keys are checked at the end of the transaction)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, data) in snapshot.rows.items():
            with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                copy.write(data)
        for key, sequence in snapshot.sequences.items():
            table, column = key.split(".")
            cursor.execute(
                f'SELECT setval(%s, GREATEST((SELECT max("{column}") FROM "{table}"), '
                f"(SELECT last_value FROM {sequence})))",
                [sequence],
            )
