"""Kolada failing in every way the fake can: a committee refresh (the button's and the
nightly task's path) ends in a failed run with a Swedish message, and the values imported
before are exactly as they were."""

from __future__ import annotations

import pytest

from apps.imports.models import ImportRun
from apps.imports.services import kolada_refresh_committee
from apps.imports.tasks import run_kolada_fetch
from apps.indicators.models import IndicatorValue
from tests.imports.test_import_api import committee_following_kolada  # noqa: F401

pytestmark = pytest.mark.django_db

FAULTS = {
    "429-storm": ["429"] * 12,  # more than the client's six attempts, Retry-After each time
    "500s": ["always500"],
    "timeouts": ["hang"] * 12,
    "cut-off-bodies": ["truncate"] * 12,
    "cut-off-after-a-page": ["ok", "always500"],
    "mixed": ["429", "500", "truncate", "hang", "500", "429", "truncate"],
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_refresh_against_a_failing_kolada_fails_with_a_message_and_loses_nothing(
    committee_following_kolada,  # noqa: F811
    kolada,
    settings,
    name,
):
    settings.KOLADA_TIMEOUT_SECONDS = 0.5
    first = kolada_refresh_committee(committee=committee_following_kolada, trigger="web")
    run_kolada_fetch(first.pk)
    before = sorted(IndicatorValue.objects.values_list("pk", "value", "changed_at"))
    assert before, "the first refresh imported values"
    for row in kolada.data:  # Kolada now has other figures, and changed them today
        row["changed"] = "2099-01-01"
        for value in row["values"]:
            value["value"] = (value["value"] or 0) + 1
    kolada.page_size = 1
    kolada.faults = list(FAULTS[name])

    failing = kolada_refresh_committee(committee=committee_following_kolada, trigger="schedule")
    run_kolada_fetch(failing.pk)

    failing.refresh_from_db()
    assert failing.status == ImportRun.Status.FAILED
    assert failing.finished_at is not None
    assert failing.errors
    assert "inga data ändrades" in " ".join(failing.errors).lower()
    assert sorted(IndicatorValue.objects.values_list("pk", "value", "changed_at")) == before
