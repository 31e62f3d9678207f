"""Reading Kolada v3 payloads (API pages or saved files) into checked rows.

Every problem names where it was found (file or URL, row, field) and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

PayloadKind = Literal["data", "kpi", "municipality", "municipality_groups"]
GENDERS = frozenset({"T", "K", "M"})
UNIT_PATTERN = re.compile(r"^(\d{4}|G\d+)$")

BAD_FIELD = "{where}, rad {row}, fält '{field}': {problem}"
NOT_A_PAYLOAD = "{where}: inte ett Kolada v3-svar ({problem})"
UNKNOWN_KIND = (
    "{where}: kan inte avgöra om filen är data, kpi, municipality eller municipality_groups"
)


class PayloadError(ValueError):
    """A payload that does not have the shape Kolada v3 gives."""


@dataclass(frozen=True, slots=True)
class ValueRow:
    kpi: str
    unit: str  # municipality code (1489, 0000) or group id (G96190)
    period: str
    gender: str
    value: float | None
    status: str
    count: int | None
    deleted: bool
    row: int = 0  # the row in its payload, for messages


def load_payload(path: Path) -> dict[str, Any]:
    where = f"fil {path.name}"
    try:
        payload = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(NOT_A_PAYLOAD.format(where=where, problem=exc)) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise PayloadError(NOT_A_PAYLOAD.format(where=where, problem="'values' saknas"))
    return payload


def payload_kind(values: list[dict[str, Any]], where: str) -> PayloadKind:
    first = values[0] if values else {}
    if "kpi" in first and "values" in first:
        return "data"
    if "members" in first:
        return "municipality_groups"
    if "is_divided_by_gender" in first or "operating_area" in first:
        return "kpi"
    if "type" in first and "title" in first:
        return "municipality"
    raise PayloadError(UNKNOWN_KIND.format(where=where))


def data_rows(values: list[Any], where: str) -> Iterator[ValueRow]:
    """Check and flatten data rows: one ValueRow per gender, genders selected by name."""
    for index, row in enumerate(values, start=1):

        def fail(field: str, problem: str, row_number: int = index) -> PayloadError:
            return PayloadError(
                BAD_FIELD.format(where=where, row=row_number, field=field, problem=problem)
            )

        if not isinstance(row, dict):
            raise fail("(rad)", "väntade ett objekt")
        kpi = row.get("kpi")
        unit = row.get("municipality")
        period = row.get("period")
        if not isinstance(kpi, str) or not kpi:
            raise fail("kpi", f"väntade ett KPI-id, fick {kpi!r}")
        if not isinstance(unit, str) or not UNIT_PATTERN.match(unit):
            raise fail("municipality", f"väntade en kommunkod eller G-id, fick {unit!r}")
        if isinstance(period, bool) or not isinstance(period, int | str):
            raise fail("period", f"väntade ett år, fick {period!r}")
        period_text = str(period)
        if not re.fullmatch(r"\d{4}", period_text):
            raise fail("period", f"väntade ett år, fick {period!r}")
        genders = row.get("values")
        if not isinstance(genders, list):
            raise fail("values", "väntade en lista")
        for cell in genders:
            if not isinstance(cell, dict):
                raise fail("values", "väntade objekt med gender och value")
            gender = cell.get("gender")
            if gender not in GENDERS:
                raise fail("gender", f"väntade T, K eller M, fick {gender!r}")
            value = cell.get("value")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise fail("value", f"väntade ett tal eller null, fick {value!r}")
            count = cell.get("count")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                raise fail("count", f"väntade ett heltal eller null, fick {count!r}")
            status = cell.get("status") or ""
            yield ValueRow(
                kpi=kpi,
                unit=unit,
                period=period_text,
                gender=gender,
                value=None if value is None else float(value),
                status=str(status)[:20],
                count=count,
                deleted=bool(cell.get("isdeleted", False)),
                row=index,
            )


def parse_date(text: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


MOJIBAKE_MARKERS = ("Ã", "Â", "â€")


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as Latin-1 ("GÃ¶teborg" → "Göteborg"); say whether it was needed."""
    if not any(marker in text for marker in MOJIBAKE_MARKERS):
        return text, False
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8"), True
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text, False
