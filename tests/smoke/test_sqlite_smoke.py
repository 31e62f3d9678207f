"""Smoke run on SQLite (make test runs it after the main suite): migrate, demo, main pages."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.indicators.models import IndicatorValue
from apps.organisations.demo import DEMO_PASSWORD
from tests.indicators.test_newest_value import from_the_value_table, kept

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

PAGES_BY_USER = {
    "admin": ["organisations:home", ("organisations:committee", "alingsas-von"), "admin:index"],
    "alingsas-controller": [
        "organisations:home",
        ("organisations:committee", "alingsas-von"),
        ("imports:list", "alingsas-von"),
        ("indicators:follow_up", "alingsas-von", "2024"),
    ],
    "ale-politiker": [
        "organisations:home",
        ("organisations:committee", "ale-sn"),
        ("indicators:follow_up", "ale-sn", "2025Q3"),
        ("budget:overview", "ale-sn"),
    ],
    "ale-rapportor": ["organisations:home", ("organisations:committee", "ale-sn")],
}


def test_the_smoke_run_uses_sqlite():
    assert connection.vendor == "sqlite"


@pytest.mark.parametrize("username", sorted(PAGES_BY_USER))
def test_demo_users_get_their_main_pages(username):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)

    for page in PAGES_BY_USER[username]:
        name, *args = page if isinstance(page, tuple) else (page,)
        # "/" opens the committee of a user who has exactly one
        assert client.get(reverse(name, args=args), follow=True).status_code == 200, page


def test_anonymous_visitors_get_the_start_login_health_and_public_pages():
    call_command("load_demo", verbosity=0)
    client = Client()

    for url in [
        reverse("organisations:home"),
        reverse("login"),
        reverse("health"),
        reverse("organisations:committee_public", args=["alingsas-von"]),
    ]:
        assert client.get(url).status_code == 200, url


def test_sqlites_triggers_keep_each_indicators_newest_period_as_the_value_table_says():
    call_command("load_demo", verbosity=0)
    assert kept() == from_the_value_table() != {}

    values = IndicatorValue.objects.filter(municipality__isnull=False, value__isnull=False)
    newest = values.order_by("-period").first()
    assert newest is not None
    IndicatorValue.objects.filter(pk=newest.pk).update(value=None)
    assert kept() == from_the_value_table()
    IndicatorValue.objects.filter(pk=newest.pk).update(value=1.0, period="2099")
    assert kept()[(newest.indicator_id, newest.municipality_id)] == "2099"
    IndicatorValue.objects.filter(pk=newest.pk).delete()
    assert kept() == from_the_value_table()
