"""The demo that tests/demo.py copies back is the demo `manage.py load_demo` loads."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from apps.organisations.models import Committee
from tests import demo as demo_data
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def without_ids(value: object) -> object:
    """A sent report's JSON names its episodes by row id ("beslut-47")."""
    return re.sub(r'"(\w+)-\d+"', r'"\1-id"', value) if isinstance(value, str) else value


def contents() -> dict[str, Counter]:
    """Every table's rows without ids, foreign keys, password hashes and timestamps (which
    differ between two loads by design)."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f'SELECT * FROM "{table}"')
            kept = [
                n
                for n, column in enumerate(cursor.description)
                if column.name not in ("id", "password") and not column.name.endswith("_id")
            ]
            found[table] = Counter(
                tuple(
                    without_ids(row[n]) for n in kept if not isinstance(row[n], datetime.datetime)
                )
                for row in cursor.fetchall()
            )
    return found


def loaded_by_the_command() -> dict[str, Counter]:
    with transaction.atomic():
        call_command("load_demo", verbosity=0)
        loaded = contents()
        transaction.set_rollback(True)
    return loaded


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy needs PostgreSQL")
def test_the_demo_copied_back_has_the_rows_the_command_writes():
    expected = loaded_by_the_command()
    assert sum(len(rows) for rows in expected.values()) > 100

    demo_data.load_demo()

    assert contents() == expected


def test_objects_made_after_the_demo_get_new_ids(demo):
    before = Committee.objects.order_by("-id").first()

    made = CommitteeFactory()

    assert before is not None
    assert made.id > before.id


def test_the_demo_fixture_gives_the_demo_users_their_committees(demo):
    assert {"ale-sn", "alingsas-von"} <= set(Committee.objects.values_list("slug", flat=True))
    assert demo_data.login("ale-rapportor").get("/namnd/ale-sn/").status_code == 200
