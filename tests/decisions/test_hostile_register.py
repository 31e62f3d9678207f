"""Hostile register files: every one ends in a finished run, in bounded time; a failed one
names the file (and row and column where there is one) and leaves the register as it was;
nothing the model would refuse is ever stored."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from apps.decisions.models import Decision, Interruption
from apps.decisions.register_file import COLUMNS
from apps.decisions.validators import looks_like_identity_number
from apps.imports.models import ImportRun
from tests.hostile_files import (
    far_corner_xlsx,
    hostile_runs,
    hostile_text,
    write_table,
    zip_bomb_xlsx,
)

pytestmark = pytest.mark.django_db
ROWS = [
    ["SN-1", "SoL", "hemtjanst", "2025-08-01", "K", "1940", "", "", "", "", "", "", "Väntar."],
    ["SN-2", "LSS", "lss_9_bostad_vuxna", "2025-03-10", "M", "1990", "2025-09-01", "",
     "2025-05-01", "", "", "resursbrist_plats", ""],
    ["SN-3", "SoL", "sarskilt_boende", "2024-11-30", "X", "", "", "", "", "2025-04-02",
     "ansokan_atertagen", "", "Återtagen."],
]  # fmt: skip


def state() -> tuple[list, list]:  # type: ignore[type-arg]
    return (
        sorted(Decision.objects.values_list("reference", "decided", "carried_out", "closed")),
        sorted(Interruption.objects.values_list("decision__reference", "interrupted", "resumed")),
    )


def run_import(path: Path) -> ImportRun:
    with contextlib.suppress(CommandError):
        call_command("import_decisions", str(path), "--committee", "namnd-a")
    return ImportRun.objects.latest("pk")


def write(tmp_path: Path, rows: list[list[str]], name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(";".join(row) for row in [COLUMNS, *rows]), encoding="utf-8")
    return path


def test_the_far_corner_xlsx_ends_the_run_at_once(personas, tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_corner_xlsx(COLUMNS))

    started = time.monotonic()
    run = run_import(path)

    assert time.monotonic() - started < 5
    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil far.xlsx")
    assert not Decision.objects.exists()


def test_a_zip_bomb_is_refused_without_unpacking_it(personas, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx(COLUMNS, unpacked_megabytes=300))

    started = time.monotonic()
    run = run_import(path)

    assert time.monotonic() - started < 10
    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith("fil bomb.xlsx")


def test_a_column_twice_in_the_header_is_an_error(personas, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(
        "\n".join([";".join([*COLUMNS, "beslutsdatum"]), ";".join([*ROWS[0], "2025-01-01"])])
    )

    run = run_import(path)

    assert run.status == ImportRun.Status.FAILED
    assert "beslutsdatum" in run.errors[0]
    assert "två gånger" in run.errors[0]


@pytest.mark.parametrize(
    ("column", "text", "problem"),
    [
        ("referens", "x" * 61, "som mest 60 tecken"),
        ("referens", "SN\t1", "styrtecken"),
        ("beslutsdatum", "1899-12-31", "inte rimligt"),
        ("beslutsdatum", "2999-01-01", "inte rimligt"),
        ("beslutsdatum", "2025-02-30", "inget datum som finns"),
        ("beslutsdatum", "2025-10-01 DROP TABLE", "väntade ett datum"),
        ("beslutsdatum", "２０２５-08-01", "väntade ett datum"),
        ("fodelsear", "1e400", "väntade ett år"),
        ("fodelsear", "99999999999999999999", "väntade ett år"),
        ("kommentar", "x" * 100_001, "högst 10000 tillåts"),
    ],
)  # fmt: skip
def test_values_the_database_or_the_model_would_refuse_fail_in_phase_1(
    personas, tmp_path, column, text, problem
):
    rows = [row.copy() for row in ROWS]
    rows[1][COLUMNS.index(column)] = text

    run = run_import(write(tmp_path, rows))

    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0].startswith(f"fil register.csv, rad 3, kolumn '{column}': ")
    assert problem in run.errors[0]
    assert not Decision.objects.exists()


def test_a_formula_as_referens_is_kept_as_text_and_never_reaches_excel_as_a_formula(
    personas, tmp_path
):
    rows = [row.copy() for row in ROWS]
    rows[0][0] = '=HYPERLINK("http://x","y")'
    run_import(write(tmp_path, rows))

    csv = call_export("csv")

    assert Decision.objects.filter(reference=rows[0][0]).exists()
    assert "'=HYPERLINK" in csv or "\t=HYPERLINK" in csv
    assert ";=HYPERLINK" not in csv


def call_export(fmt: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "evb_report", "--committee", "namnd-a", "--quarter", "2025Q4", "--format", fmt, stdout=out
    )
    return out.getvalue()


@hostile_runs
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, len(COLUMNS) - 1), hostile_text),
        min_size=1,
        max_size=3,
    ),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_any_hostile_cell_ends_in_a_finished_run_and_only_valid_decisions_are_stored(
    personas, tmp_path, changes, suffix
):
    rows = [row.copy() for row in ROWS]
    for row, column, text in changes:
        rows[row][column] = text
    path = write_table(tmp_path / f"hostile{suffix}", COLUMNS, rows)
    before = state()

    started = time.monotonic()
    run = run_import(path)

    assert time.monotonic() - started < 3
    assert run.status in {ImportRun.Status.SUCCEEDED, ImportRun.Status.FAILED}
    if run.status == ImportRun.Status.FAILED:
        assert run.errors
        assert all(error.startswith(f"fil hostile{suffix}") for error in run.errors)
        assert state() == before
    for decision in Decision.objects.all():
        decision.full_clean()  # everything stored passes the model's own rules
        assert not looks_like_identity_number(decision.reference)
    Decision.objects.all().delete()
