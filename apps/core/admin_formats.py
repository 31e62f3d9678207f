"""The admin's import and export formats (django-import-export): files are read by the same
reader as every import (`table_files`, with its limits and checks) and every exported text
cell is neutralised like the other exports, so a formula never reaches a spreadsheet."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from apps.core.exports import neutralise
from apps.core.table_files import TableFileError, read_table

TOO_MANY_ROWS = "{file}: högst {limit} rader kan läsas in här (dela upp filen)"


def dataset_from_file(data: bytes, suffix: str, label: str, *, max_rows: int) -> tablib.Dataset:
    """A tablib Dataset of the file's header and rows (cells as stripped text)."""
    if len(data) > settings.IMPORT_MAX_FILE_BYTES:
        raise TableFileError(
            [f"{label}: filen är för stor (högst {settings.IMPORT_MAX_FILE_BYTES} byte)"]
        )
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        header, rows = read_table(Path(handle.name), label)
        dataset = tablib.Dataset(headers=header)
        for count, (_, cells) in enumerate(rows, start=1):
            if count > max_rows:
                raise TableFileError([TOO_MANY_ROWS.format(file=label, limit=max_rows)])
            dataset.append(cells + [""] * (len(header) - len(cells)))
    return dataset


def neutralised(dataset: tablib.Dataset, *, xml_safe: bool = False) -> tablib.Dataset:
    """A copy whose text cells cannot be evaluated as formulas; numbers stay numbers.
    `xml_safe` drops the control characters an XLSX cannot hold."""

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value) if xml_safe else value)

    copy = tablib.Dataset(headers=[cell(str(h)) for h in dataset.headers or []])
    for row in dataset:
        copy.append([cell(value) for value in row])
    return copy


class SafeCSV(base_formats.CSV):
    """CSV with ; , or tab, UTF-8 (with or without BOM) or Windows-1252, as everywhere."""

    def is_binary(self) -> bool:
        return True  # read as bytes: the reader finds the encoding itself

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        data = in_stream.encode("utf-8") if isinstance(in_stream, str) else bytes(in_stream)
        return dataset_from_file(data, ".csv", "filen", max_rows=settings.ADMIN_IMPORT_MAX_ROWS)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> Any:
        # Not the library's own escaping (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT): it only
        # drops a leading "=" and turns every number into text.
        return neutralised(dataset).export("csv", delimiter=";", **kwargs)


class SafeXLSX(base_formats.XLSX):
    """XLSX read row by row as stored (a far-corner cell cannot stall it)."""

    def create_dataset(self, in_stream: Any) -> tablib.Dataset:
        return dataset_from_file(
            bytes(in_stream), ".xlsx", "filen", max_rows=settings.ADMIN_IMPORT_MAX_ROWS
        )

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> Any:
        return neutralised(dataset, xml_safe=True).export("xlsx", **kwargs)
