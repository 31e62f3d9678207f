"""The decision register import and the quarter report, against Ale's own Q4 2025 reports."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from apps.decisions.models import Decision, Interruption
from apps.decisions.outputs import IVO_COLUMNS
from apps.decisions.quarters import Episode, Quarter, quarter_status
from apps.decisions.register_file import COLUMNS
from apps.decisions.selectors import quarter_report
from apps.decisions.services import mark_quarter_sent
from apps.imports.models import ImportRun
from tests.demo import load_demo

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
    load_demo()

    sol = report("--lag", "SoL")

    # 004: five new, three earlier carried out, two earlier closed, six still not carried out
    assert counts(sol) == (5, 3, 2, 6)
    assert sorted(item["insatstyp"] for item in sol["ny"]) == ["sarskilt_boende"] * 4 + [
        "trygghetslarm"
    ]
    larm = next(item for item in sol["ny"] if item["insatstyp"] == "trygghetslarm")
    assert larm["status_datum"] == "2025-11-24"  # later closed: application withdrawn


def test_the_demo_register_reproduces_ales_lss_report_for_q4_2025():
    load_demo()

    # 004: four new, none of the earlier carried out, one closed, six still not carried out
    assert counts(report("--lag", "LSS")) == (4, 0, 1, 6)


def test_the_json_has_the_contracted_shape():
    load_demo()

    data = report()

    assert list(data) == [
        "committee",
        "quarter",
        "lag",
        "ny",
        "verkstallda",
        "avslutade",
        "fortfarande_ej_verkstallda",
        "ej_tidigare_rapporterade",
        "skickad",
    ]
    assert (data["committee"], data["quarter"], data["lag"]) == ("ale-sn", "2025Q4", None)
    assert set(data["skickad"]) == {"datum", "av"}  # the demo marks Q4 2025 sent
    assert set(data["ny"][0]) == {
        "referens",
        "typ",
        "lag",
        "startdatum",
        "beslutsdatum",
        "avbrottsdatum",
        "status_datum",
        "dagar",
        "dagar_sedan_beslut",
        "lopnummer",
        "insatstyp",
        "verksamhetsomrade",
        "kon",
    }
    oldest = next(i for i in data["fortfarande_ej_verkstallda"] if i["referens"] == "SN-2024-150")
    assert (oldest["status_datum"], oldest["dagar"], oldest["typ"]) == (None, 568, "beslut")
    assert re.fullmatch(r"2024-\d{3}", oldest["lopnummer"])


def test_an_unsent_quarter_has_skickad_null_and_lists_the_avbrott_as_its_own_episode():
    load_demo()

    data = report("--quarter", "2026Q1")

    assert data["skickad"] is None
    avbrott = [i for i in data["ny"] if i["typ"] == "avbrott"]
    assert [
        (i["referens"], i["avbrottsdatum"], i["dagar"], i["dagar_sedan_beslut"]) for i in avbrott
    ] == [("SN-2024-090", "2025-12-15", 106, 757)]


def test_csv_lists_every_episode_with_the_ivo_columns():
    load_demo()
    out = StringIO()
    call_command(
        "evb_report", "--committee", "ale-sn", "--quarter", "2025Q4", "--format", "csv", stdout=out
    )

    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0] == ";".join(IVO_COLUMNS)
    assert len(lines) == 1 + 5 + 3 + 2 + 6 + 4 + 0 + 1 + 6
    assert "Kontaktperson (tackat nej)" in out.getvalue()


def write_register(tmp_path: Path, *rows: list[str], header: list[str] = COLUMNS) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(
        "\n".join([";".join(header), *(";".join(row) for row in rows)]), encoding="utf-8"
    )
    return path


ROW = ["SN-1", "SoL", "hemtjanst", "2025-08-01", "K", "1940", "", "", "", "", "", "", ""]


def import_file(path: Path) -> None:
    call_command("import_decisions", str(path), "--committee", "namnd-a")


def test_reimporting_a_referens_updates_the_decision_without_duplicating(personas, tmp_path):
    import_file(write_register(tmp_path, ROW))
    carried_out = ROW.copy()
    carried_out[8] = "2025-12-01"

    import_file(write_register(tmp_path, carried_out))

    decision = Decision.objects.get()
    assert str(decision.carried_out) == "2025-12-01"
    assert decision.legal_basis == Decision.LegalBasis.NEW_SOL_11
    assert decision.history.count() == 2


def with_avbrott(interrupted: str, resumed: str = "") -> list[str]:
    row = ROW.copy()
    row[8] = "2025-08-20"
    row[6], row[7] = interrupted, resumed
    return row


def test_a_referens_on_several_rows_adds_one_avbrott_per_row_and_reimporting_changes_nothing(
    personas, tmp_path
):
    path = write_register(
        tmp_path, with_avbrott("2025-09-01", "2025-10-01"), with_avbrott("2025-11-03")
    )

    import_file(path)
    import_file(path)

    decision = Decision.objects.get()
    assert list(decision.interruptions.values_list("interrupted", "resumed")) == [
        (date(2025, 9, 1), date(2025, 10, 1)),
        (date(2025, 11, 3), None),
    ]
    last = ImportRun.objects.order_by("pk").last()
    assert (last.created, last.updated, last.unchanged) == (0, 0, 3)


def test_later_rows_of_a_referens_may_leave_the_decisions_own_cells_empty(personas, tmp_path):
    second = ["SN-1", "", "", "", "", "", "2025-11-03", "", "", "", "", "", ""]

    import_file(write_register(tmp_path, with_avbrott("2025-09-01", "2025-10-01"), second))

    assert Decision.objects.get().interruptions.count() == 2


def test_an_overlap_is_reported_on_the_row_of_the_avbrott_that_overlaps(personas, tmp_path):
    other = ["SN-2", *ROW[1:]]
    rows = [with_avbrott("2025-09-01", "2025-12-01"), other, with_avbrott("2025-11-01")]

    with pytest.raises(CommandError):
        import_file(write_register(tmp_path, *rows))

    assert (
        ImportRun.objects.get()
        .errors[0]
        .startswith(
            "fil register.csv, rad 4, kolumn 'avbrottsdatum': Avbrottet 2025-11-01 överlappar"
        )
    )


def test_a_row_with_the_same_avbrottsdatum_updates_that_avbrott(personas, tmp_path):
    import_file(write_register(tmp_path, with_avbrott("2025-11-03")))

    import_file(write_register(tmp_path, with_avbrott("2025-11-03", "2026-01-20")))

    assert Interruption.objects.get().resumed == date(2026, 1, 20)


def test_the_old_single_row_form_means_a_carried_out_decision_and_an_avbrott(personas, tmp_path):
    import_file(write_register(tmp_path, with_avbrott("2025-11-03")))

    decision = Decision.objects.get()
    assert decision.carried_out == date(2025, 8, 20)
    assert decision.interruptions.get().interrupted == date(2025, 11, 3)


def test_rows_of_one_referens_that_disagree_are_refused_naming_both_rows(personas, tmp_path):
    other = with_avbrott("2025-11-03")
    other[4] = "M"

    with pytest.raises(CommandError, match="inget ändrades"):
        import_file(write_register(tmp_path, with_avbrott("2025-09-01", "2025-10-01"), other))

    error = ImportRun.objects.get().errors[0]
    assert error.startswith("fil register.csv, rad 3, kolumn 'kon': SN-1 står också på rad 2")
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[*ROW[:6], "2025-09-01", *ROW[7:]]], "förutsätter att beslutet först verkställts"),
        (
            [with_avbrott("2025-09-01", "2025-12-01"), with_avbrott("2025-11-01")],
            "överlappar avbrottet 2025-09-01",
        ),
        ([with_avbrott("2025-08-10")], "ligger före verkställigheten 2025-08-20"),
    ],
)
def test_avbrott_that_break_the_rules_are_refused(personas, tmp_path, rows, message):
    with pytest.raises(CommandError, match="inget ändrades"):
        import_file(write_register(tmp_path, *rows))

    assert message in ImportRun.objects.get().errors[0]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (1, "SFB", "kolumn 'lag': väntade SoL eller LSS"),
        (2, "lss_2_personlig_assistans", "kolumn 'insatstyp': Insatstypen lss_2_personlig"),
        (3, "2025-13-01", "kolumn 'beslutsdatum': 2025-13-01 är inget datum som finns"),
        (3, "1899-12-31", "kolumn 'beslutsdatum': Beslutsdatum 1899-12-31 är inte rimligt"),
        (3, "2999-01-01", "kolumn 'beslutsdatum': Beslutsdatum 2999-01-01 är inte rimligt"),
        (3, "2025-10-01 DROP TABLE", "kolumn 'beslutsdatum': väntade ett datum ÅÅÅÅ-MM-DD"),
        (8, "2025-07-01", "kolumn 'verkstalld_datum': Verkställt kan inte ligga före beslutsdatum"),
        (9, "2025-09-01", "kolumn 'avslutsorsak': Ange varför beslutet avslutades"),
        (0, "19400101-1234", "kolumn 'referens': ser ut som ett personnummer"),
        (0, "19121212\u20131212", "kolumn 'referens': ser ut som ett personnummer"),
        (0, "SN\x00-1", "kolumn 'referens': innehåller ett otillåtet styrtecken (U+0000)"),
        (5, "1850", "kolumn 'fodelsear': Födelseåret 1850 är inte rimligt"),
        (4, "Q", "kolumn 'kon': väntade K, M eller X, fick 'Q'"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_by_file_row_and_column_and_nothing_is_written(
    personas, tmp_path, column, value, message
):
    good = ROW.copy()
    good[0] = "SN-0"
    bad = ROW.copy()
    bad[column] = value

    with pytest.raises(CommandError, match="inget ändrades"):
        import_file(write_register(tmp_path, good, bad))

    assert not Decision.objects.exists()
    assert f"fil register.csv, rad 3, {message}" in ImportRun.objects.get().errors[0]


def test_the_optional_columns_set_area_specification_and_measures(personas, tmp_path):
    header = [*COLUMNS, "verksamhetsomrade", "specifikation", "atgarder"]
    row = [*ROW, "Funktionsstöd", "Servicebostad", "Erbjudits korttidsplats i väntan"]

    import_file(write_register(tmp_path, row, header=header))

    decision = Decision.objects.get()
    assert (decision.area, decision.service_detail, decision.measures) == (
        "funktionsstod",
        "Servicebostad",
        "Erbjudits korttidsplats i väntan",
    )


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
    decision.carried_out, decision.service = None, "lss_9_bostad_vuxna"  # an LSS insats under SoL
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()
    decision.service = "hemtjanst"
    decision.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Interruption.objects.create(
            decision=decision, interrupted=date(2025, 6, 1), resumed=date(2025, 5, 1)
        )


@pytest.mark.parametrize("sent", [[], [Quarter(2024, 2)], [Quarter(2024, 2), Quarter(2024, 3)]])
def test_the_report_leaves_out_only_what_the_quarter_rule_would_leave_out(personas, sent):
    """quarter_report lets the database skip episodes that ended before the quarter; over
    random registers, with and without sent reports, it must agree with quarter_status."""
    rng = random.Random(7)
    committee = personas.committee_a
    decisions = []
    for number in range(300):
        decided = date(2023, 1, 1) + timedelta(days=rng.randrange(1000))
        later = sorted(decided + timedelta(days=rng.randrange(1, 400)) for _ in range(4))
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
                carried_out=later[0] if ending < 0.6 else None,
                closed=later[3] if 0.6 <= ending < 0.8 else None,
                close_reason="ansokan_atertagen" if 0.6 <= ending < 0.8 else "",
            )
        )
    Decision.objects.bulk_create(decisions)
    for decision in Decision.objects.filter(carried_out__isnull=False):
        if rng.random() < 0.4:
            start = decision.carried_out + timedelta(days=rng.randrange(1, 200))
            resumed = start + timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.5 else None
            Interruption.objects.create(decision=decision, interrupted=start, resumed=resumed)
    for quarter in sent:
        mark_quarter_sent(committee=committee, quarter=quarter, user=None)
    sent_from = sent[0] if sent else None
    episodes = [
        (f"beslut-{d.pk}", Episode(d.decided, d.carried_out, d.closed), d.reported_in)
        for d in Decision.objects.filter(committee=committee)
    ] + [
        (f"avbrott-{i.pk}", Episode(i.interrupted, i.resumed, i.decision.closed), i.reported_in)
        for i in Interruption.objects.select_related("decision")
    ]

    for quarter in [Quarter(year, n) for year in (2023, 2024, 2025) for n in (1, 2, 3, 4)]:
        if quarter in sent:
            continue
        expected = {}
        for key, episode, reported in episodes:
            reported_in = Quarter.parse(reported) if reported else None
            status = quarter_status(episode, quarter, reported_in=reported_in, sent_from=sent_from)
            if status is not None:
                expected[key] = status.section
        found = {i.key: i.section for i in quarter_report(committee, quarter).items()}

        assert found == expected, quarter
        assert expected or quarter.year == 2023
