"""Who may follow a run: the committee's controllers every run, anyone else with a role in
the committee only the runs they started (the rapportör's own register uploads)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.imports.services import import_run_create


@pytest.fixture
def upload_by_rapportor(personas):  # type: ignore[no-untyped-def]
    return import_run_create(
        kind="decisions", trigger="web", parameters={"file": "register.csv"},
        committee=personas.committee_a, user=personas.rapportor_a,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("rapportor_a", 200),
        ("controller_a", 200),
        ("admin", 200),
        ("politician_a", 403),
        ("controller_b", 403),
        ("anonymous", 302),
    ],
)
def test_the_rapportor_follows_her_own_upload(client_for, upload_by_rapportor, persona, expected):
    client = client_for(persona)
    for name in ("imports:detail", "imports:status"):
        response = client.get(reverse(name, args=["namnd-a", upload_by_rapportor.pk]))

        assert response.status_code == expected, name


def test_the_rapportor_cannot_open_runs_someone_else_started(client_for, personas):
    run = import_run_create(
        kind="ledger", trigger="web", parameters={}, committee=personas.committee_a,
        user=personas.controller_a,
    )  # fmt: skip

    response = client_for("rapportor_a").get(reverse("imports:detail", args=["namnd-a", run.pk]))

    assert response.status_code == 403
