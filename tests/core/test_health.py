"""/health/ checks the database and the broker and reports each."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from apps.core.services import heartbeat_record

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker_as_ok(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is True


@pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="make test starts Redis")
def test_health_talks_to_the_real_broker_when_one_is_configured(client):
    report = client.get(reverse("health")).json()

    assert "redis" in report["broker"]["detail"].lower()


def test_health_fails_with_503_and_names_the_broker_when_it_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("health"))

    assert response.status_code == 503
    report = response.json()
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is False
    assert report["broker"]["detail"]


def test_health_shows_when_the_scheduler_last_beat(client):
    heartbeat_record(name="beat")

    report = client.get(reverse("health")).json()

    assert report["scheduler_last_heartbeat"] is not None


def test_health_is_never_cached(client):
    response = client.get(reverse("health"))

    assert "no-cache" in response["Cache-Control"]
