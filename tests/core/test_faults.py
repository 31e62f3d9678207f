"""Faults the user can meet: PostgreSQL down gives the Swedish 503 page and a /health/ that
names the part without details; register pages are never stored; periods out of range in
the address answer 404 or a message, never a 500."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.core.health import BROKER_DOWN, DATABASE_DOWN
from tests.imports.test_run_lifecycle import broker_down  # noqa: F401 (a fixture)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_down(monkeypatch):  # type: ignore[no-untyped-def]
    """PostgreSQL is unreachable: the connection goes to a port where nothing listens."""
    logged_in = Client()
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", str(_closed_port()))
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    yield logged_in
    connection.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path", ["/", "/namnd/namnd-a/", "/namnd/namnd-a/nyckeltal/", "/namnd/namnd-a/budget/"]
)
def test_every_page_answers_the_swedish_503_page_when_postgresql_is_down(path, database_down):
    database_down.raise_request_exception = False

    response = database_down.get(path)

    assert response.status_code == 503
    page = response.content.decode()
    assert "Tjänsten är tillfälligt otillgänglig" in page
    assert "OperationalError" not in page
    assert response["Retry-After"] == "60"


@pytest.mark.django_db(transaction=True)
def test_health_names_the_database_without_exception_details_when_it_is_down(database_down):
    response = database_down.get(reverse("health"))

    assert response.status_code == 503
    report = response.json()
    assert report["database"] == {"ok": False, "detail": DATABASE_DOWN}
    text = response.content.decode()
    assert "refused" not in text
    assert "OperationalError" not in text
    assert "scheduler_last_heartbeat" not in report


def test_health_names_the_broker_without_exception_details_when_it_is_down(client, settings, db):
    settings.CELERY_BROKER_URL = "redis://:hemligt@127.0.0.1:1/0"

    report = client.get(reverse("health")).json()

    assert report["broker"] == {"ok": False, "detail": BROKER_DOWN}
    assert report["database"]["ok"] is True


def test_ej_verkstallda_pages_are_never_stored(client_for, personas):
    response = client_for("rapportor_a").get(reverse("decisions:dashboard", args=["namnd-a"]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_other_pages_keep_their_own_caching(client_for, personas):
    response = client_for("politician_a").get(reverse("organisations:home"))

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("period", ["0000Q1", "9999T3", "1899", "２０２５Q1", "2025T4"])
def test_a_follow_up_period_out_of_range_is_not_found(client_for, personas, period):
    response = client_for("controller_a").get(
        reverse("indicators:follow_up", args=["namnd-a", period])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("quarter", ["9999Q4", "0000Q1", "2025Q9", "x"])
def test_an_overview_quarter_out_of_range_shows_the_latest_with_a_message(
    client_for, personas, quarter
):
    response = client_for("politician_a").get(
        reverse("organisations:committee", args=["namnd-a"]), {"kvartal": quarter}
    )

    assert response.status_code == 200
    assert "kvartal" in response.content.decode().lower()
    assert any(quarter in str(message) for message in response.context["messages"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broker_down")
def test_with_redis_down_the_pages_keep_working_and_health_says_so(client_for, personas, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    client = client_for("politician_a")

    for url in (
        reverse("organisations:committee", args=["namnd-a"]),
        reverse("budget:overview", args=["namnd-a"]),
        reverse("dashboards:indicator_list", args=["namnd-a"]),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("health")).json()["broker"] == {"ok": False, "detail": BROKER_DOWN}
