"""The factories build objects the models accept as they are."""

from __future__ import annotations

import pytest

from tests.factories import (
    CommitteeIndicatorFactory,
    DecisionFactory,
    IndicatorValueFactory,
    LedgerEntryFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        CommitteeIndicatorFactory,
        DecisionFactory,
        IndicatorValueFactory,
        LedgerEntryFactory,
        TargetFactory,
    ],
)
def test_each_factory_builds_an_object_its_model_validates(factory):
    made = factory()

    made.full_clean()


def test_a_ledger_row_belongs_to_its_cost_centres_committee():
    row = LedgerEntryFactory()

    assert row.committee == row.cost_centre.committee


def test_a_target_hangs_on_a_goal_of_a_committee_and_an_indicator():
    target = TargetFactory(value=3)

    assert target.goal_indicator.goal.committee.pk is not None
    assert target.goal_indicator.indicator.source == "kolada"
