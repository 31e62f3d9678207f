"""The shared cache: with CACHE_URL set (Redis, as in production), an overview built in one
process is served to another, and a controller's new value, once ready, is on the next page
load in every process — never a stale page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from apps.indicators.models import CommitteeIndicator
from apps.organisations.models import Committee
from tests.demo import load_demo
from tests.factories import ready_own_value

ROOT = Path(__file__).resolve().parents[2]
RENDER = """
import django
django.setup()
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
client = Client()
client.force_login(User.objects.get(username="alingsas-politiker"))
with CaptureQueriesContext(connection) as queries:
    page = client.get("/namnd/alingsas-von/").content.decode()
print(len(queries), "987" in page)
"""


def render_in_another_process() -> tuple[int, bool]:
    """The politician's overview rendered by a fresh Python process sharing the cache:
    (SQL queries it ran, whether the new value 987 is on it)."""
    db = connection.settings_dict
    database = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    redis = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/3"
    done = subprocess.run(
        [sys.executable, "-c", RENDER],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database, "CACHE_URL": redis,
             "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    queries, shown = done.stdout.split()
    return int(queries), shown == "True"


@pytest.mark.skipif("CELERY_BROKER_URL" not in os.environ, reason="needs the test Redis")
@pytest.mark.django_db(transaction=True)
def test_an_overview_is_shared_between_processes_and_a_ready_value_is_never_stale():
    load_demo()
    committee = Committee.objects.get(slug="alingsas-von")
    link = CommitteeIndicator.objects.filter(committee=committee, indicator__source="own").first()
    assert link is not None
    CommitteeIndicator.objects.filter(pk=link.pk).update(is_key=True)
    CommitteeIndicator.objects.get(pk=link.pk).save()  # a history record: a new data stamp

    built, shown_before = render_in_another_process()
    served, _ = render_in_another_process()

    assert not shown_before
    assert served < built  # the second process got the first one's overview from Redis
    ready_own_value(committee, link.indicator, "2026Q3", 987)
    _, shown_after = render_in_another_process()

    assert shown_after
