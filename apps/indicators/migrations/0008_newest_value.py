"""Each indicator's newest period with a value of a municipality (NewestValue), kept by
triggers on the value table, so that every writer keeps it: the Kolada import's COPY and
bulk statements, the ORM's saves and deletes, the admin, a cascade.

PostgreSQL: statement-level triggers with transition tables (one statement of 4.2 million
inserted values aggregates them once). An INSERT raises a pair's newest period; an UPDATE
that moves a value or makes it missing (or present), and a DELETE, compute the pairs they
touched again from the value table (one backward index probe each).
SQLite (make run's first-run database): row-level triggers doing the same per row.
Periods compare as text, as the pages' ORDER BY period DESC always did.

Two transactions writing values at once (a controller deleting a figure while another saves
one of the same indicator) must not leave the row of the one that computed from an older
snapshot: each trigger first takes one transaction-level advisory lock, so the writers of
values pass one after another from their first write to their commit, and each trigger's
statements (in READ COMMITTED, a new snapshot each) see what the one before committed. The
Kolada import already locks the value table against other writers for its transaction.
"""

import django.db.models.deletion
from django.db import migrations, models

VALUES = "indicators_indicatorvalue"
NEWEST = "indicators_newestvalue"
LOCK = "PERFORM pg_advisory_xact_lock(hashtext('nk_newest_value'));"

# The pairs' newest period again, from the value table (pairs: a query of
# indicator_id, municipality_id); a pair left without a value loses its row.
PG_REFRESH = f"""
    INSERT INTO {NEWEST} (indicator_id, municipality_id, period)
    SELECT p.indicator_id, p.municipality_id, n.period FROM (%(pairs)s) AS p
    CROSS JOIN LATERAL (
        SELECT v.period FROM {VALUES} v
        WHERE v.indicator_id = p.indicator_id AND v.municipality_id = p.municipality_id
          AND v.value IS NOT NULL
        ORDER BY v.period DESC LIMIT 1) AS n
    ON CONFLICT (municipality_id, indicator_id) DO UPDATE SET period = excluded.period
    WHERE {NEWEST}.period IS DISTINCT FROM excluded.period;
    DELETE FROM {NEWEST} s USING (%(pairs)s) AS p
    WHERE s.indicator_id = p.indicator_id AND s.municipality_id = p.municipality_id
      AND NOT EXISTS (
        SELECT 1 FROM {VALUES} v
        WHERE v.indicator_id = p.indicator_id AND v.municipality_id = p.municipality_id
          AND v.value IS NOT NULL);
"""
# An update matters where it moves a value to another indicator, municipality or period,
# or makes it missing or present; a changed number does not change the newest period.
MOVED = """
    SELECT DISTINCT x.indicator_id, x.municipality_id FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.indicator_id, o.municipality_id),
                               (n.indicator_id, n.municipality_id)) AS x (indicator_id, municipality_id)
    WHERE x.municipality_id IS NOT NULL
      AND (o.indicator_id, o.municipality_id, o.period, o.value IS NULL)
          IS DISTINCT FROM (n.indicator_id, n.municipality_id, n.period, n.value IS NULL)
"""
DELETED = """
    SELECT DISTINCT indicator_id, municipality_id FROM old_rows
    WHERE municipality_id IS NOT NULL
"""
PG_INSERT = f"""
    INSERT INTO {NEWEST} (indicator_id, municipality_id, period)
    SELECT indicator_id, municipality_id, max(period) FROM new_rows
    WHERE municipality_id IS NOT NULL AND value IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (municipality_id, indicator_id) DO UPDATE SET period = excluded.period
    WHERE {NEWEST}.period < excluded.period;
"""
# Each statement's trigger: its transition tables and what its function does after the lock.
PG_TRIGGERS = {
    "insert": ("NEW TABLE AS new_rows", PG_INSERT),
    "update": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", PG_REFRESH % {"pairs": MOVED}),
    "delete": ("OLD TABLE AS old_rows", PG_REFRESH % {"pairs": DELETED}),
}
PG_FORWARD = "".join(
    f"""
CREATE FUNCTION nk_newest_value_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {LOCK}
    {body}
    RETURN NULL;
END $$;
CREATE TRIGGER nk_newest_value_{op} AFTER {op.upper()} ON {VALUES}
    REFERENCING {tables}
    FOR EACH STATEMENT EXECUTE FUNCTION nk_newest_value_{op}();
"""
    for op, (tables, body) in PG_TRIGGERS.items()
)
PG_BACKWARD = "".join(
    f"DROP TRIGGER IF EXISTS nk_newest_value_{op} ON {VALUES};"
    f"DROP FUNCTION IF EXISTS nk_newest_value_{op}();"
    for op in PG_TRIGGERS
)


def sqlite_refresh(row: str) -> str:
    """The statements that compute the pair of OLD or NEW again."""
    pair = f"indicator_id = {row}.indicator_id AND municipality_id = {row}.municipality_id"
    return f"""
    DELETE FROM {NEWEST} WHERE {pair};
    INSERT INTO {NEWEST} (indicator_id, municipality_id, period)
    SELECT {row}.indicator_id, {row}.municipality_id, max(period) FROM {VALUES}
    WHERE {pair} AND value IS NOT NULL HAVING max(period) IS NOT NULL;"""


SQLITE_FORWARD = [
    f"""CREATE TRIGGER nk_newest_value_insert AFTER INSERT ON {VALUES}
    WHEN NEW.municipality_id IS NOT NULL AND NEW.value IS NOT NULL
    BEGIN
    INSERT INTO {NEWEST} (indicator_id, municipality_id, period)
    VALUES (NEW.indicator_id, NEW.municipality_id, NEW.period)
    ON CONFLICT (municipality_id, indicator_id) DO UPDATE SET period = excluded.period
    WHERE period < excluded.period;
    END""",
    f"""CREATE TRIGGER nk_newest_value_update AFTER UPDATE ON {VALUES}
    WHEN (OLD.indicator_id, OLD.municipality_id, OLD.period, OLD.value IS NULL)
         IS NOT (NEW.indicator_id, NEW.municipality_id, NEW.period, NEW.value IS NULL)
    BEGIN {sqlite_refresh("OLD")} {sqlite_refresh("NEW")}
    END""",
    f"""CREATE TRIGGER nk_newest_value_delete AFTER DELETE ON {VALUES}
    WHEN OLD.municipality_id IS NOT NULL
    BEGIN {sqlite_refresh("OLD")}
    END""",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS nk_newest_value_{op}" for op in PG_TRIGGERS]
FILL = f"""
    INSERT INTO {NEWEST} (indicator_id, municipality_id, period)
    SELECT indicator_id, municipality_id, max(period) FROM {VALUES}
    WHERE municipality_id IS NOT NULL AND value IS NOT NULL
    GROUP BY indicator_id, municipality_id
"""


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(PG_FORWARD)
        else:
            for statement in SQLITE_FORWARD:
                cursor.execute(statement)
        cursor.execute(FILL)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(PG_BACKWARD)
        else:
            for statement in SQLITE_BACKWARD:
                cursor.execute(statement)
        cursor.execute(f"DELETE FROM {NEWEST}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_committee_key_figures"),
        ("organisations", "0004_comparisongroup_area"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewestValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=7, verbose_name="senaste period")),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "senaste period med värde",
                "verbose_name_plural": "senaste perioder med värde",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "indicator"), name="newest_value_per_municipality"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
