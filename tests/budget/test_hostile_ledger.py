"""Hostile ledger files: every one ends in a failed run naming the file, row and column, in
bounded time, with the database as it was; nothing reaches PostgreSQL that it would refuse."""

from __future__ import annotations

import time

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from apps.budget.models import CostCentre, LedgerEntry
from apps.imports.models import ImportRun
from tests.budget.test_import_ledger import HEADER, ROWS, run_import, write_csv
from tests.hostile_files import far_corner_xlsx, hostile_runs, hostile_text, write_table, xlsx_bytes


@pytest.fixture
def committee(personas):
    return personas.committee_b


def state(committee) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    return (
        sorted(CostCentre.objects.filter(committee=committee).values_list("code", "name")),
        sorted(
            LedgerEntry.objects.filter(committee=committee).values_list(
                "cost_centre__code", "kind", "year", "month", "account", "amount"
            )
        ),
    )


def test_the_far_corner_xlsx_fails_the_command_at_once_and_the_run_ends(committee, tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_corner_xlsx(HEADER))

    started = time.monotonic()
    with pytest.raises(CommandError, match="Importen misslyckades"):
        call_command("import_ledger", str(path), "--committee", committee.slug)

    assert time.monotonic() - started < 5
    run = ImportRun.objects.get(kind="ledger")
    assert run.status == ImportRun.Status.FAILED
    assert run.errors == ["fil far.xlsx, rad 1048576: filen har fler än 500000 rader; dela upp den"]


@pytest.mark.parametrize(
    ("column", "text", "problem"),
    [
        ("belopp", "1e400", "för stort"),
        ("belopp", "-1e400", "för stort"),
        ("belopp", "12345678901234567890", "för stort"),
        ("belopp", "NaN", "väntade ett belopp"),
        ("belopp", "Infinity", "väntade ett belopp"),
        ("belopp", "-inf", "väntade ett belopp"),
        ("ansvar_namn", "x" * 201, "högst 200 tecken"),
        ("ansvar", "1" * 31, "högst 30 tecken"),
        ("overordnat_ansvar", "6" * 31, "högst 30 tecken"),
        ("ansvar_namn", "Hemtjänst\x00Surte", "styrtecken (U+0000)"),
        ("ansvar", "63\t41", "styrtecken (U+0009)"),
        ("period", "1899-12", "inte rimligt"),
        ("period", "2999-01", "inte rimligt"),
        ("period", "２０２５-01", "väntade ÅÅÅÅ-MM"),
        ("period", "2025-02-30", "väntade ÅÅÅÅ-MM"),
    ],
)
def test_a_value_the_database_would_refuse_fails_in_phase_1_with_row_and_column(
    committee, tmp_path, column, text, problem
):
    run_import(committee, write_csv(tmp_path, ROWS, name="first.csv"))
    before = state(committee)
    rows = [row.copy() for row in ROWS]
    rows[2][HEADER.index(column)] = text

    run = run_import(committee, write_csv(tmp_path, rows))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith(f"fil huvudbok.csv, rad 4, kolumn '{column}': ")
    assert problem in run.errors[0]
    assert state(committee) == before


def test_two_belopp_columns_are_an_error_not_the_second_one_winning(committee, tmp_path):
    path = tmp_path / "twice.csv"
    lines = [";".join([*HEADER, "belopp"])] + [";".join([*row, "999"]) for row in ROWS]
    path.write_text("\n".join(lines))

    run = run_import(committee, path)

    assert run.status == ImportRun.Status.FAILED
    assert run.errors == [
        "fil twice.csv: kolumnen 'belopp' finns två gånger i rubrikraden (G och H)"
    ]
    assert not LedgerEntry.objects.exists()


def test_an_xlsx_with_a_huge_number_cell_is_refused(committee, tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ["utfall", "2025-01", "1", "A", "", "intakter", 1e300]]))

    run = run_import(committee, path)

    assert run.status == ImportRun.Status.FAILED
    assert "fil huge.xlsx, rad 2, kolumn 'belopp': beloppet 1E+300 är för stort" in run.errors[0]


@hostile_runs
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, len(HEADER) - 1), hostile_text),
        min_size=1,
        max_size=3,
    ),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_any_hostile_cell_ends_in_a_finished_run_and_only_checked_values_are_stored(
    committee, tmp_path, changes, suffix
):
    rows = [row.copy() for row in ROWS]
    for row, column, text in changes:
        rows[row][column] = text
    path = write_table(tmp_path / f"hostile{suffix}", HEADER, rows)
    before = state(committee)

    started = time.monotonic()
    run = run_import(committee, path)

    assert time.monotonic() - started < 3
    assert run.status in {ImportRun.Status.SUCCEEDED, ImportRun.Status.FAILED}
    if run.status == ImportRun.Status.FAILED:
        assert run.errors
        assert all(error.startswith(f"fil hostile{suffix}") for error in run.errors)
        assert state(committee) == before
    for name, code in CostCentre.objects.values_list("name", "code"):
        assert len(name) <= 200
        assert len(code) <= 30
        assert not any(ord(ch) < 32 for ch in name + code)
