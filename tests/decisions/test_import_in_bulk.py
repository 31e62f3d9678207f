"""The register import writes new decisions and avbrott in bulk: each still gets its history
row and its löpnummer, as when they were saved one by one."""

from __future__ import annotations

from datetime import date

import pytest

from apps.decisions.models import Decision, Interruption
from tests.decisions.test_register_and_report import ROW, import_file, write_register

pytestmark = pytest.mark.django_db


def decision_row(reference: str, decided: str, interrupted: str = "") -> list[str]:
    row = ROW.copy()
    row[0], row[3] = reference, decided
    if interrupted:
        row[8], row[6] = "2025-08-20", interrupted
    return row


def test_every_new_decision_and_avbrott_gets_one_history_row_that_records_its_creation(
    personas, tmp_path
):
    import_file(
        write_register(
            tmp_path, decision_row("SN-1", "2025-08-01", "2025-09-01"),
            decision_row("SN-2", "2025-07-01"),
        )
    )  # fmt: skip

    for decision in Decision.objects.all():
        (history,) = decision.history.all()
        assert (history.history_type, history.reference) == ("+", decision.reference)
        assert history.created_at == decision.created_at
    (interruption,) = Interruption.objects.all()
    assert [h.history_type for h in interruption.history.all()] == ["+"]
    assert interruption.decision.reference == "SN-1"


def test_new_episodes_are_numbered_by_start_day_within_its_year(personas, tmp_path):
    import_file(
        write_register(
            tmp_path, decision_row("SN-1", "2025-08-01", "2025-09-01"),
            decision_row("SN-2", "2025-07-01"), decision_row("SN-3", "2024-12-30"),
        )
    )  # fmt: skip

    serials = dict(Decision.objects.values_list("reference", "serial"))
    assert serials == {"SN-3": "2024-001", "SN-2": "2025-001", "SN-1": "2025-002"}
    assert Interruption.objects.get().serial == "2025-003"


def test_a_second_import_numbers_only_what_is_new_and_keeps_the_numbers_given(personas, tmp_path):
    import_file(write_register(tmp_path, decision_row("SN-1", "2025-08-01")))
    import_file(
        write_register(
            tmp_path, decision_row("SN-1", "2025-08-01"), decision_row("SN-0", "2025-01-02")
        )
    )

    serials = dict(Decision.objects.values_list("reference", "serial"))
    assert serials == {"SN-1": "2025-001", "SN-0": "2025-002"}
    assert Decision.objects.get(reference="SN-0").decided == date(2025, 1, 2)
