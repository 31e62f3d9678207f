"""A group a committee defines itself gets the unweighted mean of its members, computed."""

from __future__ import annotations

import json

import pytest

from apps.indicators.models import IndicatorValue
from apps.organisations.models import ComparisonGroup, Municipality

pytestmark = pytest.mark.django_db


def data_file(tmp_path, values: dict[str, float | None]):  # type: ignore[no-untyped-def]
    rows = [
        {
            "kpi": "U23401",
            "municipality": code,
            "period": 2024,
            "values": [
                {"gender": "T", "value": value, "count": 1, "status": "", "isdeleted": False}
            ],
        }
        for code, value in values.items()
    ]
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"values": rows}))
    return path


@pytest.fixture
def own_group():
    members = [Municipality.objects.create(code=c, name=c) for c in ("1440", "1489", "1441")]
    group = ComparisonGroup.objects.create(code="egen-grannar", name="Grannar", kind="own")
    group.members.set(members)
    return group


def test_the_own_group_value_is_the_unweighted_mean_of_its_members(
    own_group, import_files, tmp_path
):
    run = import_files(data_file(tmp_path, {"1440": 50.0, "1489": 57.0, "1441": 71.0}))

    assert run.status == "succeeded", run.errors
    mean = IndicatorValue.objects.get(group=own_group)
    assert mean.value == pytest.approx((50 + 57 + 71) / 3)
    assert mean.count == 3
    assert mean.source == IndicatorValue.Source.COMPUTED


def test_a_member_without_a_value_is_left_out_not_counted_as_zero(
    own_group, import_files, tmp_path
):
    import_files(data_file(tmp_path, {"1440": 50.0, "1489": None, "1441": 70.0}))

    mean = IndicatorValue.objects.get(group=own_group)
    assert (mean.value, mean.count) == (60.0, 2)
