"""The decision register import and the quarter report, against Ale's own Q4 2025 reports."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from apps.decisions.models import Decision
from apps.decisions.quarters import DecisionDates, Quarter, quarter_status
from apps.decisions.selectors import quarter_report
from apps.decisions.services import COLUMNS

pytestmark = pytest.mark.django_db


def report(*args: str) -> dict:
    out = StringIO()
    call_command("evb_report", "--committee", "ale-sn", "--quarter", "2025Q4", *args, stdout=out)
    return json.loads(out.getvalue())


def counts(data: dict) -> tuple[int, int, int, int]:
    return tuple(
        len(data[key]) for key in ("ny", "verkstallda", "avslutade", "fortfarande_ej_verkstallda")
    )


def test_the_demo_register_reproduces_ales_sol_report_for_q4_2025():
    call_command("load_demo")

    sol = report("--lag", "SoL")

    # 004: five new, three earlier carried out, two earlier closed, six still not carried out
    assert counts(sol) == (5, 3, 2, 6)
    assert sorted(item["insatstyp"] for item in sol["ny"]) == ["sarskilt_boende"] * 4 + [
        "trygghetslarm"
    ]
    larm = next(item for item in sol["ny"] if item["insatstyp"] == "trygghetslarm")
    assert larm["status_datum"] == "2025-11-24"  # later closed: application withdrawn


def test_the_demo_register_reproduces_ales_lss_report_for_q4_2025():
    call_command("load_demo")

    # 004: four new, none of the earlier carried out, one closed, six still not carried out
    assert counts(report("--lag", "LSS")) == (4, 0, 1, 6)


def test_the_json_has_the_contracted_shape():
    call_command("load_demo")

    data = report()

    assert list(data) == [
        "committee",
        "quarter",
        "lag",
        "ny",
        "verkstallda",
        "avslutade",
        "fortfarande_ej_verkstallda",
    ]
    assert (data["committee"], data["quarter"], data["lag"]) == ("ale-sn", "2025Q4", None)
    assert set(data["ny"][0]) == {
        "referens",
        "lag",
        "insatstyp",
        "beslutsdatum",
        "status_datum",
        "dagar",
    }
    oldest = next(i for i in data["fortfarande_ej_verkstallda"] if i["referens"] == "SN-2024-150")
    assert (oldest["status_datum"], oldest["dagar"]) == (None, 568)  # 2024-06-11 → 2025-12-31


def test_csv_lists_every_item_with_its_section():
    call_command("load_demo")
    out = StringIO()
    call_command(
        "evb_report", "--committee", "ale-sn", "--quarter", "2025Q4", "--format", "csv", stdout=out
    )

    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0] == "avsnitt;referens;lag;insatstyp;beslutsdatum;status_datum;dagar"
    assert len(lines) == 1 + 5 + 3 + 2 + 6 + 4 + 0 + 1 + 6


def write_register(tmp_path: Path, *rows: list[str]) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(
        "\n".join([";".join(COLUMNS), *(";".join(row) for row in rows)]), encoding="utf-8"
    )
    return path


ROW = ["SN-1", "SoL", "hemtjanst", "2025-08-01", "K", "1940", "", "", "", "", "", "", ""]


def test_reimporting_a_referens_updates_the_decision_without_duplicating(personas, tmp_path):
    call_command("import_decisions", str(write_register(tmp_path, ROW)), "--committee", "namnd-a")
    carried_out = ROW.copy()
    carried_out[8] = "2025-12-01"

    call_command(
        "import_decisions", str(write_register(tmp_path, carried_out)), "--committee", "namnd-a"
    )

    decision = Decision.objects.get()
    assert str(decision.carried_out) == "2025-12-01"
    assert decision.legal_basis == Decision.LegalBasis.NEW_SOL_11
    assert decision.history.count() == 2


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (1, "SFB", "kolumn 'lag': väntade SoL eller LSS"),
        (
            2,
            "lss_2_personlig_assistans",
            "kolumn 'insatstyp': 'lss_2_personlig_assistans' är ingen",
        ),
        (3, "2025-13-01", "kolumn 'beslutsdatum': väntade ett datum"),
        (8, "2025-07-01", "kolumn 'verkstalld_datum': 2025-07-01 ligger före beslutsdatum"),
        (9, "2025-09-01", "kolumn 'avslutsorsak': ett avslutat beslut behöver en avslutsorsak"),
        (0, "19400101-1234", "kolumn 'referens': ser ut som ett personnummer"),
    ],
)
def test_a_bad_row_is_refused_by_file_row_and_column_and_nothing_is_written(
    personas, tmp_path, column, value, message
):
    bad = ROW.copy()
    bad[column] = value

    with pytest.raises(CommandError, match="inget ändrades"):
        call_command(
            "import_decisions", str(write_register(tmp_path, ROW, bad)), "--committee", "namnd-a"
        )

    assert not Decision.objects.exists()
    from apps.imports.models import ImportRun

    assert f"fil register.csv, rad 3, {message}" in ImportRun.objects.get().errors[0]


def test_the_database_refuses_dates_out_of_order(personas):
    decision = Decision(
        committee=personas.committee_a,
        reference="X",
        law="SoL",
        legal_basis="sol_2001_4_1",
        service="hemtjanst",
        decided="2025-05-01",
        gender="K",
    )
    decision.carried_out = "2025-04-01"
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()
    decision.carried_out, decision.resumed = None, "2025-06-01"  # resumed without interruption
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()
    decision.resumed, decision.service = None, "lss_9_bostad_vuxna"  # an LSS insats under SoL
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()


def test_the_report_leaves_out_only_what_the_quarter_rule_would_leave_out(personas):
    """quarter_report lets the database skip decisions that stopped before the quarter;
    over random registers and twelve quarters it must agree with quarter_status on all."""
    rng = random.Random(7)
    committee = personas.committee_a
    decisions = []
    for number in range(400):
        decided = date(2023, 1, 1) + timedelta(days=rng.randrange(1000))
        later = [decided + timedelta(days=rng.randrange(1, 400)) for _ in range(4)]
        interrupted = later[0] if rng.random() < 0.15 else None
        ending = rng.random()
        decisions.append(
            Decision(
                committee=committee,
                reference=f"T-{number}",
                law="SoL",
                legal_basis="sol_2001_4_1",
                service="hemtjanst",
                decided=decided,
                gender="K",
                carried_out=later[1] if ending < 0.5 or interrupted else None,
                interrupted=interrupted,
                resumed=max(later[0], later[2]) if interrupted and rng.random() < 0.5 else None,
                closed=later[3] if 0.5 <= ending < 0.7 else None,
                close_reason="ansokan_atertagen" if 0.5 <= ending < 0.7 else "",
            )
        )
    Decision.objects.bulk_create(decisions)
    everything = list(Decision.objects.filter(committee=committee))

    for quarter in [
        Quarter(year, number) for year in (2023, 2024, 2025) for number in (1, 2, 3, 4)
    ]:
        expected = {}
        for d in everything:
            dates = DecisionDates(d.decided, d.carried_out, d.closed, d.interrupted, d.resumed)
            status = quarter_status(dates, quarter)
            if status is not None:
                expected[d.reference] = status.section
        report = quarter_report(committee, quarter)
        found = {i.decision.reference: s for s, items in report.sections.items() for i in items}

        assert found == expected, quarter
        assert expected or quarter.year == 2023
