"""Hostile and malformed table files for the import tests: XLSX written by hand (so a test
can give a sheet absurd dimensions or a cell in the far corner), zip bombs and hypothesis
strategies for the cells people and attackers put in a file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'  # noqa: E501
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'  # noqa: E501
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'  # noqa: E501
    "</Relationships>"
)


def _cell(reference: str, value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(
    rows: Sequence[Sequence[object]],
    *,
    far_cells: Sequence[tuple[str, object]] = (),
    dimension: str | None = None,
) -> str:
    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{get_column_letter(col)}{number}", value)
            for col, value in enumerate(row, start=1)
            if value is not None and value != ""
        )
        body.append(f'<row r="{number}">{cells}</row>')
    for reference, value in far_cells:
        number = "".join(ch for ch in reference if ch.isdigit())
        body.append(f'<row r="{number}">{_cell(reference, value)}</row>')
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{size}<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def _package_parts(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    archive.writestr("_rels/.rels", ROOT_RELS)
    archive.writestr("xl/workbook.xml", WORKBOOK)
    archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)


def xlsx_bytes(
    rows: Sequence[Sequence[object]],
    *,
    far_cells: Sequence[tuple[str, object]] = (),
    dimension: str | None = None,
    sheet: str | None = None,
) -> bytes:
    """A minimal XLSX (inline strings); `far_cells` are put after the rows as written."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _package_parts(archive)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            sheet or sheet_xml(rows, far_cells=far_cells, dimension=dimension),
        )
    return buffer.getvalue()


def far_corner_xlsx(header: Sequence[str] = ()) -> bytes:
    """The 4 KB file that stalled the imports: one cell at XFD1048576 (after an optional
    header), the sheet claiming A1:XFD1048576."""
    return xlsx_bytes([list(header)] if header else [], far_cells=[("XFD1048576", "x")],
                      dimension="A1:XFD1048576")  # fmt: skip


def zip_bomb_xlsx(header: Sequence[str], unpacked_megabytes: int = 400) -> bytes:
    """An XLSX whose sheet unpacks to hundreds of MB of one repeated row."""
    head = sheet_xml([list(header)])
    opening, closing = head.split("</sheetData>")
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _package_parts(archive)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as target:
            target.write(opening.encode())
            block = (row * 10_000).encode()
            for _ in range(unpacked_megabytes * 1_000_000 // len(block) + 1):
                target.write(block)
            target.write(("</sheetData>" + closing).encode())
    return buffer.getvalue()


# Cells an attacker or a broken export puts in a file.
HOSTILE_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "a\tb",
    "a\nb",
    "a\rb",
    "\x7f",
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "<script>alert(1)</script>",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e400",
    "-1e400",
    "1E+308",
    "12345678901234567890",
    "99999999999999999,99",
    "0x1F",
    "1,234.5",
    "١٢٣",
    "２０２３",
    "2025-02-30",
    "1899-12-31",
    "2999-01-01",
    "0000",
    "9999-99",
    "x" * 100_000,
    "x" * 250,
    "'; DROP TABLE budget_ledgerentry; --",
    "\ufeff",
    "\u202e",
    "Ã¥Ã¤Ã¶",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x20), max_size=5),
    st.from_regex(r"[-+]?\d{1,25}([.,]\d{0,6})?([eE][-+]?\d{1,4})?", fullmatch=True),
)

# Every reader gets this many generated hostile inputs, each in bounded time.
HOSTILE_RUNS = 500
hostile_runs = settings(
    max_examples=HOSTILE_RUNS,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """The rows as a CSV (";", UTF-8) or, by the path's suffix, an XLSX (control characters,
    which XML cannot hold, left out there)."""
    if path.suffix == ".xlsx":
        xml_safe = [[cell.translate(dict.fromkeys(range(32))) for cell in row] for row in rows]
        path.write_bytes(xlsx_bytes([list(header), *xml_safe]))
    else:
        path.write_bytes("\n".join(";".join(r) for r in [header, *rows]).encode("utf-8"))
    return path
