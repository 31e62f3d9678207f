"""The imports page: a controller starts a Kolada refresh and follows its progress."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.imports.models import ImportRun
from apps.indicators.models import CommitteeIndicator, Indicator
from tests.conftest import PERSONA_NAMES

ALLOWED = {"controller_a", "admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_imports_page_is_for_the_committees_controllers_only(client_for, persona):
    response = client_for(persona).get(reverse("imports:list", args=["namnd-a"]))

    expected = 200 if persona in ALLOWED else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


def test_a_controller_starts_a_refresh_and_sees_it_finish(
    client_for, personas, kolada, django_capture_on_commit_callbacks
):
    personas.committee_a.municipality.code = "1489"
    personas.committee_a.municipality.save()
    indicator = Indicator.objects.create(code="U20900", title="Effektivitetsindex", source="kolada")
    CommitteeIndicator.objects.create(committee=personas.committee_a, indicator=indicator)
    client = client_for("controller_a")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:start", args=["namnd-a"]))

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=["namnd-a", run.pk])
    assert run.trigger == ImportRun.Trigger.WEB
    assert run.started_by == personas.controller_a
    status = client.get(reverse("imports:status", args=["namnd-a", run.pk])).json()
    assert (status["status"], status["finished"]) == ("succeeded", True), status
    assert "3 nya" in status["summary"]  # 1489 2023 and 2024, riket 2024
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page


def test_the_status_answer_carries_the_progress(client_for, personas):
    run = ImportRun.objects.create(
        kind="kolada_api",
        trigger="web",
        committee=personas.committee_a,
        status="running",
        pages_done=3,
        pages_expected=12,
    )

    status = client_for("controller_a").get(reverse("imports:status", args=["namnd-a", run.pk]))

    assert (status.json()["percent"], status.json()["finished"]) == (25, False)


def test_another_committees_run_is_not_found(client_for, personas):
    run = ImportRun.objects.create(kind="kolada_api", trigger="web", committee=personas.committee_b)

    response = client_for("controller_a").get(reverse("imports:detail", args=["namnd-a", run.pk]))

    assert response.status_code == 404


def test_starting_needs_a_post(client_for):
    response = client_for("controller_a").get(reverse("imports:start", args=["namnd-a"]))

    assert response.status_code == 405


def test_the_committee_pages_show_a_banner_while_the_last_scheduled_refresh_has_failed(
    client_for, personas
):
    ImportRun.objects.create(
        kind="kolada_api",
        trigger="schedule",
        committee=personas.committee_a,
        status="failed",
        errors=["Kolada svarade inte efter 6 försök"],
        finished_at=timezone.now(),
    )
    url = reverse("organisations:committee", args=["namnd-a"])

    page = client_for("politician_a").get(url).content.decode()
    assert "Kolada-uppdateringen misslyckades" in page

    ImportRun.objects.create(
        kind="kolada_api", trigger="schedule", committee=personas.committee_a, status="succeeded"
    )
    page = client_for("politician_a").get(url).content.decode()
    assert "Kolada-uppdateringen misslyckades" not in page
