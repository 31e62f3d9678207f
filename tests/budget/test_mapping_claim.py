"""Claiming a kept upload's run for its column mapping (run_mapping_claim): once only."""

from __future__ import annotations

import pytest

from apps.budget.services import column_mapping_save, run_mapping_claim
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create


@pytest.fixture
def committee(personas):  # type: ignore[no-untyped-def]
    return personas.committee_a


def kept_upload(committee) -> ImportRun:  # type: ignore[no-untyped-def]
    return import_run_create(
        kind="ledger", trigger="web", parameters={"file": "r.csv"}, committee=committee
    )


def test_the_first_claim_gives_the_run_its_mapping_and_keeps_its_other_parameters(committee):
    run = kept_upload(committee)
    mapping = column_mapping_save(committee=committee, name="Raindance", columns={"ansvar": "A"})

    assert run_mapping_claim(run=run, mapping=mapping) is True

    assert run.parameters == {"file": "r.csv", "mapping": "Raindance"}
    run.refresh_from_db()
    assert run.parameters == {"file": "r.csv", "mapping": "Raindance"}


def test_a_second_claim_with_a_stale_copy_of_the_run_changes_nothing(committee):
    run = kept_upload(committee)
    stale = ImportRun.objects.get(pk=run.pk)  # read by a second request before the first claim
    first = column_mapping_save(committee=committee, name="Raindance", columns={"ansvar": "A"})
    other = column_mapping_save(committee=committee, name="Annan", columns={"ansvar": "B"})
    run_mapping_claim(run=run, mapping=first)

    assert run_mapping_claim(run=stale, mapping=other) is False

    assert stale.parameters == {"file": "r.csv"}
    stale.refresh_from_db()
    assert stale.parameters["mapping"] == "Raindance"


def test_a_run_no_longer_pending_is_not_claimed(committee):
    run = kept_upload(committee)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED)
    mapping = column_mapping_save(committee=committee, name="Raindance", columns={"ansvar": "A"})

    assert run_mapping_claim(run=run, mapping=mapping) is False
    run.refresh_from_db()
    assert "mapping" not in run.parameters
