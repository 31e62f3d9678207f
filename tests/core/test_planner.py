"""Every PostgreSQL connection plans with random_page_cost 1.1 (config/env.py), so that the
foreign-key check PostgreSQL runs for each value an import writes reads the small table it
refers to through its primary key, also once autovacuum has analysed that table."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.organisations.models import Municipality

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]

# PostgreSQL's own foreign-key check (ri_triggers.c), against a copy of the municipalities.
RI_CHECK = "EXPLAIN SELECT 1 FROM ONLY municipalities x WHERE id = %s FOR KEY SHARE OF x"


def plan_of_the_check(random_page_cost: str | None = None) -> str:
    with connection.cursor() as cursor:
        if random_page_cost:
            cursor.execute(f"SET LOCAL random_page_cost = {random_page_cost}")
        cursor.execute(RI_CHECK, [1])
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET random_page_cost")
        return plan


@pytest.fixture
def analysed_municipalities() -> None:
    """Sweden's 312 municipalities and regions in a new table (no dead rows from other
    tests), analysed as autovacuum would; the test's transaction removes it again. Not a
    TEMP table, which would fix the session's temporary buffers for the tests after it."""
    Municipality.objects.bulk_create(
        Municipality(
            code=f"{7000 + n}", name=f"Planeringskommun {n}", kind=Municipality.Kind.KOMMUN
        )
        for n in range(312 - Municipality.objects.count())
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE municipalities AS SELECT * FROM "
            f"{Municipality._meta.db_table} ORDER BY id LIMIT 312"
        )
        cursor.execute("ALTER TABLE municipalities ADD PRIMARY KEY (id)")
        cursor.execute("ANALYZE municipalities")


def test_every_connection_plans_with_random_page_cost_for_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_the_foreign_key_check_reads_the_analysed_municipalities_by_their_key(
    analysed_municipalities,
):
    assert "Index Scan" in plan_of_the_check()


def test_at_postgresqls_default_the_check_would_read_them_row_by_row(analysed_municipalities):
    assert "Seq Scan" in plan_of_the_check("4")
