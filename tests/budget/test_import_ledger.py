"""Importing ledger files: formats, encodings, number styles, the tree, errors, re-runs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from apps.budget.models import CostCentre, LedgerEntry
from apps.budget.services import ledger_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create

HEADER = ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"]
ROWS = [
    ["budget", "2025", "634", "Hemtjänst utförarenheter", "", "kostnader", "0"],
    ["utfall", "2025-01", "6341", "Hemtjänst Surte", "634", "intakter", "424 000"],
    ["utfall", "2025-01", "6341", "Hemtjänst Surte", "634", "personalkostnader", "-400 000,50"],
    ["utfall", "2025-01", "6341", "Hemtjänst Surte", "634", "lokalkostnader", "-97 000"],
    ["budget", "2025", "6341", "Hemtjänst Surte", "634", "intakter", "6 372 000"],
    ["budget", "2025", "6341", "Hemtjänst Surte", "634", "kostnader", "-6 373 000"],
]


def write_csv(tmp_path: Path, rows, *, delimiter=";", encoding="utf-8", name="huvudbok.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    lines = [delimiter.join(HEADER)] + [delimiter.join(row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def run_import(committee, path: Path) -> ImportRun:  # type: ignore[no-untyped-def]
    run = import_run_create(kind="ledger", trigger="command", parameters={}, committee=committee)
    return ledger_import(committee=committee, path=path, run=run)


def amounts(committee) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(
        LedgerEntry.objects.filter(committee=committee).values_list(
            "cost_centre__code", "kind", "year", "month", "account", "amount"
        )
    )


@pytest.fixture
def committee(personas):
    return personas.committee_b


def test_a_semicolon_file_builds_the_tree_and_stores_every_amount(committee, tmp_path):
    run = run_import(committee, write_csv(tmp_path, ROWS))

    assert run.status == "succeeded", run.errors
    surte = CostCentre.objects.get(committee=committee, code="6341")
    assert surte.parent.code == "634"
    assert ("6341", "utfall", 2025, 1, "personalkostnader", Decimal("-400000.50")) in amounts(
        committee
    )
    # the first long format's generic "intakter" is stored as övriga intäkter
    revenue = LedgerEntry.objects.get(cost_centre=surte, kind="utfall", account="ovriga_intakter")
    assert revenue.is_revenue


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), ("\t", "utf-8"), (";", "utf-8-sig"), (";", "cp1252")],
)
def test_comma_tab_bom_and_windows_1252_files_give_the_same_result(
    committee, tmp_path, delimiter, encoding
):
    rows = [row.copy() for row in ROWS]
    if delimiter == ",":  # a comma file has decimal points, here with non-breaking spaces
        for row in rows:
            row[6] = row[6].replace(",50", ".50").replace(" ", "\u00a0")

    run = run_import(committee, write_csv(tmp_path, rows, delimiter=delimiter, encoding=encoding))

    assert run.status == "succeeded", run.errors
    assert CostCentre.objects.get(committee=committee, code="6341").name == "Hemtjänst Surte"
    assert LedgerEntry.objects.filter(committee=committee).count() == 6


def test_apostrophes_and_non_breaking_spaces_separate_thousands(committee, tmp_path):
    rows = [
        *ROWS[:1],
        ["utfall", "2025-02", "6341", "Hemtjänst Surte", "634", "intakter", "1'234'567,25"],
    ]

    run_import(committee, write_csv(tmp_path, rows))

    assert LedgerEntry.objects.get(month=2).amount == Decimal("1234567.25")


def test_an_xlsx_file_with_real_numbers_is_read(committee, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["budget", 2025, "634", "Hemtjänst utförarenheter", None, "kostnader", 0])
    sheet.append(["utfall", "2025-03", "6341", "Hemtjänst Surte", "634", "intakter", 385000.0])
    path = tmp_path / "huvudbok.xlsx"
    workbook.save(path)

    run = run_import(committee, path)

    assert run.status == "succeeded", run.errors
    assert LedgerEntry.objects.get(month=3).amount == Decimal("385000")


def test_importing_the_same_file_twice_changes_nothing(committee, tmp_path):
    path = write_csv(tmp_path, ROWS)
    run_import(committee, path)
    before = list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount"))

    again = run_import(committee, path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount")) == before


def test_reimporting_replaces_per_kind_period_and_cost_centre(committee, tmp_path):
    run_import(committee, write_csv(tmp_path, ROWS))
    correction = [
        ROWS[0],
        ["utfall", "2025-01", "6341", "Hemtjänst Surte", "634", "kostnader", "-500 000"],
    ]

    run = run_import(committee, write_csv(tmp_path, correction, name="rattelse.csv"))

    assert run.updated == 1
    january = LedgerEntry.objects.filter(kind="utfall", month=1).values_list("account", "amount")
    assert sorted(january) == [("ovriga_kostnader", Decimal("-500000"))]
    assert LedgerEntry.objects.filter(kind="budget", cost_centre__code="6341").count() == 2


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("typ", "utfal", "kolumn 'typ': väntade utfall, budget eller prognos"),
        ("period", "2025-13", "kolumn 'period': månaden ska vara 01–12"),
        ("period", "jan 2025", "kolumn 'period': väntade ÅÅÅÅ-MM"),
        ("kontoslag", "kaffe", "kolumn 'kontoslag': väntade ett kostnadsslag (avgifter"),
        ("belopp", "tolv", "kolumn 'belopp': väntade ett belopp i kronor"),
        ("ansvar", "", "kolumn 'ansvar': ansvarskoden saknas"),
    ],
)
def test_a_bad_cell_names_file_row_and_column_and_nothing_changes(
    committee, tmp_path, column, value, message
):
    run_import(committee, write_csv(tmp_path, ROWS))
    before = amounts(committee)
    bad = [row.copy() for row in ROWS]
    bad[2][HEADER.index(column)] = value

    run = run_import(committee, write_csv(tmp_path, bad, name="fel.csv"))

    assert run.status == "failed"
    assert f"fil fel.csv, rad 4, {message}" in run.errors[0]
    assert amounts(committee) == before


def test_every_bad_row_is_reported_not_only_the_first(committee, tmp_path):
    bad = [row.copy() for row in ROWS]
    bad[1][6] = "x"
    bad[3][0] = "y"

    run = run_import(committee, write_csv(tmp_path, bad))

    assert [error.split(",")[1].strip() for error in run.errors] == ["rad 3", "rad 5"]


def test_a_missing_column_is_refused(committee, tmp_path):
    path = tmp_path / "kort.csv"
    path.write_text("typ;period;ansvar\nutfall;2025-01;1\n")
    assert "rubrikraden saknar ansvar_namn" in run_import(committee, path).errors[0]
    assert not CostCentre.objects.exists()


def test_the_command_prints_a_summary_and_fails_loudly(committee, tmp_path, capsys):
    call_command("import_ledger", str(write_csv(tmp_path, ROWS)), "--committee", committee.slug)
    assert "3 nya" in capsys.readouterr().out

    with pytest.raises(CommandError, match="inget ändrades"):
        call_command(
            "import_ledger", str(write_csv(tmp_path, [["x"] * 7])), "--committee", committee.slug
        )
