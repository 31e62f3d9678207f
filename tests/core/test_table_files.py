"""The shared reader of CSV and XLSX files (ledger and register imports) cannot be stalled or
fooled: far-corner cells, zip bombs, large files, too many rows, repeated columns, control
characters and long cells end in a named error within a bounded time."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core.table_files import TableFileError, read_rows
from tests.hostile_files import far_corner_xlsx, hostile_text, xlsx_bytes, zip_bomb_xlsx

COLUMNS = ["typ", "belopp"]
# The decision register's columns: the register import reads its file through read_rows.
REGISTER_COLUMNS = [
    "referens", "lag", "insatstyp", "beslutsdatum", "kon", "fodelsear", "avbrottsdatum",
    "aterupptagen_datum", "verkstalld_datum", "avslutad_datum", "avslutsorsak", "skal",
    "kommentar",
]  # fmt: skip


def read(path: Path, columns: list[str] = COLUMNS) -> list[tuple[int, dict[str, str]]]:
    return list(read_rows(path, "fil test", columns))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_far_corner_cell_in_a_4_kb_xlsx_is_refused_at_once_with_its_row(tmp_path):
    path = write(tmp_path, "far.xlsx", far_corner_xlsx(["typ", "belopp"]))
    assert path.stat().st_size < 4096

    started = time.monotonic()
    with pytest.raises(TableFileError) as error:
        read(path)

    assert time.monotonic() - started < 2
    assert "fil test, rad 1048576: filen har fler än 500000 rader" in str(error.value)


def test_a_far_corner_cell_alone_is_an_empty_file_and_the_register_reader_says_so(tmp_path):
    path = write(tmp_path, "far.xlsx", far_corner_xlsx())

    with pytest.raises(TableFileError, match="fil test: filen är tom"):
        read(path, REGISTER_COLUMNS)


def test_the_reader_stops_at_the_last_real_row_whatever_the_sheet_claims(tmp_path):
    rows = [["typ", "belopp"], ["utfall", 12.5], ["budget", "3"]]
    data = xlsx_bytes(rows, far_cells=[("XFD40", "")], dimension="A1:XFD1048576")
    path = write(tmp_path, "claims.xlsx", data)

    started = time.monotonic()
    assert read(path) == [
        (2, {"typ": "utfall", "belopp": "12.5"}),
        (3, {"typ": "budget", "belopp": "3"}),
    ]
    assert time.monotonic() - started < 2


def test_cells_beyond_the_header_are_never_read(tmp_path):
    path = write(tmp_path, "wide.xlsx", xlsx_bytes([["typ", "belopp"], ["utfall", "1"]],
                                                   far_cells=[("XFD3", "x\x7f")]))  # fmt: skip

    assert read(path) == [(2, {"typ": "utfall", "belopp": "1"})]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = write(tmp_path, "bomb.xlsx", zip_bomb_xlsx(["typ", "belopp"], unpacked_megabytes=400))
    assert path.stat().st_size < 5_000_000

    started = time.monotonic()
    with pytest.raises(TableFileError, match="fil test: XLSX-filen packas upp till mer än 300 MB"):
        read(path)
    assert time.monotonic() - started < 2


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1_000_000
    path = write(tmp_path, "big.csv", b"typ;belopp\n" + b"utfall;1\n" * 166_666)

    with pytest.raises(TableFileError, match="fil test: filen är 1,5 MB; högst 1 MB kan läsas in"):
        read(path)


def test_more_rows_than_the_limit_are_refused_with_the_row(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write(tmp_path, "long.csv", b"typ;belopp\n" + b"utfall;1\n" * 5)

    with pytest.raises(TableFileError, match="fil test, rad 5: filen har fler än 3 rader"):
        read(path)


@pytest.mark.parametrize("name", ["twice.csv", "twice.xlsx"])
def test_a_column_twice_in_the_header_is_an_error_naming_both_columns(tmp_path, name):
    rows = [["typ", "belopp", "Belopp"], ["utfall", "1", "2"]]
    data = (
        xlsx_bytes(rows)
        if name.endswith("xlsx")
        else "\n".join(";".join(row) for row in rows).encode()
    )
    path = write(tmp_path, name, data)

    with pytest.raises(TableFileError) as error:
        read(path)

    assert error.value.errors == [
        "fil test: kolumnen 'belopp' finns två gånger i rubrikraden (B och C)"
    ]


@pytest.mark.parametrize(
    ("cell", "code", "suffix"),
    [
        ("a\x00b", "0000", ".csv"),
        ("\x1b[31m", "001B", ".csv"),
        ("x\x7f", "007F", ".csv"),
        ("x\x7f", "007F", ".xlsx"),  # XML 1.0 carries DEL, not NUL or ESC
    ],
)
def test_a_control_character_is_refused_with_row_and_column(tmp_path, cell, code, suffix):
    rows = [["typ", "belopp"], ["utfall", "1"], ["budget", cell]]
    data = (
        xlsx_bytes(rows) if suffix == ".xlsx" else "\n".join(";".join(row) for row in rows).encode()
    )
    path = write(tmp_path, f"control{suffix}", data)

    with pytest.raises(TableFileError) as error:
        read(path)

    assert error.value.errors == [
        f"fil test, rad 3, kolumn 'belopp': innehåller ett otillåtet styrtecken (U+{code})"
    ]


def test_a_cell_longer_than_the_limit_is_refused_with_row_and_column(tmp_path):
    path = write(tmp_path, "long.csv", ("typ;belopp\nutfall;" + "9" * 100_000).encode())

    with pytest.raises(TableFileError) as error:
        read(path)

    assert error.value.errors == [
        "fil test, rad 2, kolumn 'belopp': cellen har 100000 tecken; högst 10000 tillåts"
    ]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"typ;belopp\n", b"typ;belopp\n;\n"])
def test_an_empty_or_header_only_file_is_an_error(tmp_path, data):
    with pytest.raises(TableFileError, match="fil test: filen"):
        read(write(tmp_path, "empty.csv", data))


def test_optional_columns_are_read_when_present_and_empty_when_not(tmp_path):
    path = write(tmp_path, "opt.csv", b"typ;belopp;extra\nutfall;1;ja\n")

    rows = list(read_rows(path, "fil test", COLUMNS, ["extra", "saknas"]))

    assert rows == [(2, {"typ": "utfall", "belopp": "1", "extra": "ja", "saknas": ""})]


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04broken", b"\x00\x01\x02" * 100, b'typ;belopp\n"oavslutad'],
)
def test_a_broken_file_is_refused_by_name(tmp_path, data):
    for suffix in (".csv", ".xlsx"):
        with pytest.raises(TableFileError, match=r"^fil test"):
            read(write(tmp_path, f"broken{suffix}", data))


HOSTILE_RUNS = 300
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@settings(
    max_examples=HOSTILE_RUNS,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cells=st.lists(st.lists(hostile_text, min_size=0, max_size=4), max_size=4),
    header=st.lists(st.sampled_from(["typ", "belopp", "Belopp", "", "x"]), max_size=4),
    suffix=st.sampled_from([".csv", ".xlsx"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_any_hostile_file_gives_rows_or_an_error_naming_the_file(
    tmp_path, cells, header, suffix, encoding
):
    rows = [header, *cells]
    if suffix == ".xlsx":
        data = xlsx_bytes([[XML_UNSAFE.sub("", cell) for cell in row] for row in rows])
    else:
        text = "\n".join(";".join(row) for row in rows)
        data = text.encode(encoding, errors="replace")
    path = write(tmp_path, f"hostile{suffix}", data)

    started = time.monotonic()
    try:
        result = read(path)
    except TableFileError as error:
        messages = error.errors
        result = []
    else:
        messages = []
    assert all(message.startswith("fil test") for message in messages)
    for _, values in result:
        assert set(values) == set(COLUMNS)
        assert all("\x00" not in value and len(value) <= 10_000 for value in values.values())
    assert time.monotonic() - started < 2
