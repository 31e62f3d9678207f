"""Each indicator's newest period with a value of a municipality (NewestValue) is kept by
the database's triggers (migration indicators/0008): whoever writes values, it equals what
the value table says. The default period of every page reads it (apps/dashboards/periods)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.db.models import Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.indicators.models import Indicator, IndicatorValue, NewestValue
from apps.indicators.value_store import ValueRow, open_value_store
from tests.factories import (
    ComparisonGroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db

PERIODS = ["2023", "2024", "2024Q3", "2024M11", "2025T1"]


def from_the_value_table() -> dict[tuple[int, int], str]:
    """What the pages probed before NewestValue: the greatest period with a value."""
    rows = (
        IndicatorValue.objects.filter(municipality__isnull=False, value__isnull=False)
        .values("indicator_id", "municipality_id")
        .annotate(newest=Max("period"))
    )
    return {(r["indicator_id"], r["municipality_id"]): r["newest"] for r in rows}


def kept() -> dict[tuple[int, int], str]:
    return {
        (indicator, municipality): period
        for indicator, municipality, period in NewestValue.objects.values_list(
            "indicator_id", "municipality_id", "period"
        )
    }


def newest(indicator: Indicator, municipality) -> str | None:  # type: ignore[no-untyped-def]
    return kept().get((indicator.pk, municipality.pk))


def test_a_saved_value_raises_the_newest_period_and_an_older_one_does_not():
    value = IndicatorValueFactory(period="2024", value=1.0)
    assert newest(value.indicator, value.municipality) == "2024"

    IndicatorValueFactory(
        indicator=value.indicator, municipality=value.municipality, period="2023", value=2.0
    )
    assert newest(value.indicator, value.municipality) == "2024"

    IndicatorValueFactory(
        indicator=value.indicator, municipality=value.municipality, period="2024Q3", value=3.0
    )
    assert newest(value.indicator, value.municipality) == "2024Q3"


def test_a_missing_value_has_no_period_and_one_made_missing_gives_back_the_one_before():
    older = IndicatorValueFactory(period="2023", value=1.0)
    IndicatorValueFactory(
        indicator=older.indicator, municipality=older.municipality, period="2025", value=None
    )
    assert newest(older.indicator, older.municipality) == "2023"

    IndicatorValue.objects.filter(pk=older.pk).update(period="2024")
    assert newest(older.indicator, older.municipality) == "2024"

    IndicatorValue.objects.filter(pk=older.pk).update(value=None)
    assert newest(older.indicator, older.municipality) is None

    IndicatorValue.objects.filter(indicator=older.indicator, period="2025").update(value=7.5)
    assert newest(older.indicator, older.municipality) == "2025"


def test_a_deleted_newest_value_gives_back_the_one_before_and_the_last_removes_the_row():
    older = IndicatorValueFactory(period="2023", value=1.0)
    newer = IndicatorValueFactory(
        indicator=older.indicator, municipality=older.municipality, period="2024", value=2.0
    )

    newer.delete()
    assert newest(older.indicator, older.municipality) == "2023"

    IndicatorValue.objects.filter(pk=older.pk).delete()
    assert (older.indicator_id, older.municipality_id) not in kept()


def test_a_groups_values_are_not_a_municipalitys():
    IndicatorValueFactory(municipality=None, group=ComparisonGroupFactory(), value=1.0)

    assert kept() == {}


def test_a_deleted_indicator_takes_its_rows_with_it():
    value = IndicatorValueFactory(period="2024", value=1.0)

    Indicator.objects.filter(pk=value.indicator_id).delete()

    assert kept() == {}


def test_a_kolada_import_keeps_it_through_its_insert_update_and_withdrawal():
    indicator = IndicatorFactory(source="kolada")
    alingsas, ale = MunicipalityFactory(), MunicipalityFactory()

    def merge(*rows: tuple[str, str, float | None, bool]) -> None:
        store = open_value_store()
        try:
            store.add(
                ValueRow(indicator.code, unit.code, period, "T", value, "", 1, deleted)
                for unit in (alingsas, ale)
                for period, _, value, deleted in rows
            )
            with transaction.atomic():
                store.merge(source="kolada")
        finally:
            store.close()

    merge(("2023", "", 1.0, False), ("2024", "", 2.0, False))
    assert newest(indicator, alingsas) == newest(indicator, ale) == "2024"

    merge(("2023", "", 1.0, False), ("2024", "", None, False))  # 2024 now missing
    assert newest(indicator, alingsas) == newest(indicator, ale) == "2023"

    merge(("2023", "", 1.0, True))  # withdrawn by Kolada
    assert kept() == from_the_value_table() == {}


writes = st.lists(
    st.tuples(
        st.sampled_from(["save", "update", "move", "delete", "delete_all", "bulk"]),
        st.integers(0, 1),  # indicator
        st.integers(0, 1),  # municipality
        st.sampled_from(PERIODS),
        st.one_of(st.none(), st.floats(-10, 10)),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture
def grid() -> tuple[list[Indicator], list[object]]:
    return [IndicatorFactory(), IndicatorFactory()], [MunicipalityFactory(), MunicipalityFactory()]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(writes=writes)
def test_any_sequence_of_writes_leaves_it_equal_to_the_value_table(grid, writes):
    indicators, units = grid
    with transaction.atomic():  # each example from the same empty value table
        for action, i, m, period, value in writes:
            same = IndicatorValue.objects.filter(indicator=indicators[i], municipality=units[m])
            if action == "save":
                IndicatorValue.objects.update_or_create(
                    indicator=indicators[i], municipality=units[m], period=period, gender="T",
                    defaults={"value": value, "source": "kolada"},
                )  # fmt: skip
            elif action == "update":
                same.filter(period=period).update(value=value)
            elif action == "move" and not same.filter(period=period).exists():
                same.filter(pk__in=same.values("pk")[:1]).update(period=period)
            elif action == "delete":
                for row in same.filter(period=period):
                    row.delete()
            elif action == "delete_all":
                same.delete()
            elif action == "bulk":
                IndicatorValue.objects.bulk_create(
                    [
                        IndicatorValue(
                            indicator=indicators[i], municipality=units[m], period=period,
                            gender=gender, value=value, source="kolada",
                        )
                        for gender in ("K", "M")
                    ],
                    ignore_conflicts=True,
                )  # fmt: skip
            assert kept() == from_the_value_table(), (action, period, value)
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_a_figure_deleted_while_another_is_saved_leaves_the_newest_that_was_committed_last():
    older = IndicatorValueFactory(period="2023", value=1.0)
    pair = {"indicator": older.indicator, "municipality": older.municipality}
    newest_one = IndicatorValueFactory(**pair, period="2024", value=2.0)
    deleted = threading.Event()

    def delete_2024_in_another_transaction() -> None:
        try:
            with transaction.atomic():
                IndicatorValue.objects.filter(pk=newest_one.pk).delete()
            deleted.set()
        finally:
            connections.close_all()

    with transaction.atomic():
        IndicatorValueFactory(**pair, period="2025", value=3.0)
        other = threading.Thread(target=delete_2024_in_another_transaction)
        other.start()
        # the delete waits for this transaction (it has written values): it must not finish
        assert not deleted.wait(timeout=1.0)
    other.join(timeout=30)

    assert deleted.is_set()
    assert newest(older.indicator, older.municipality) == "2025"
    assert kept() == from_the_value_table()
