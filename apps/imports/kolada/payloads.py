"""Reading Kolada v3 payloads (API pages or saved files) into checked rows.

Every problem names where it was found (file or URL, row, field) and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

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


class ValueRow(NamedTuple):
    """One value as Kolada gives it (a tuple: millions of them pass through an import)."""

    kpi: str
    unit: str  # municipality code (1489, 0000) or group id (G96190)
    period: str
    gender: str
    value: float | None
    status: str
    members: int | None  # Kolada's "count": 1, or the members behind a group mean
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
        try:
            kpi = row["kpi"]
            unit = row["municipality"]
            period = row["period"]
            genders = row["values"]
        except (TypeError, KeyError) as exc:
            raise _bad(where, index, str(exc).strip("'") or "(rad)", "fältet saknas") from None
        if type(kpi) is not str or not kpi:
            raise _bad(where, index, "kpi", f"väntade ett KPI-id, fick {kpi!r}")
        if type(unit) is not str or not UNIT_PATTERN.match(unit):
            raise _bad(
                where, index, "municipality", f"väntade en kommunkod eller G-id, fick {unit!r}"
            )
        period_text = str(period)
        if type(period) not in (int, str) or len(period_text) != 4 or not period_text.isdigit():
            raise _bad(where, index, "period", f"väntade ett år, fick {period!r}")
        if type(genders) is not list:
            raise _bad(where, index, "values", "väntade en lista")
        for cell in genders:
            try:
                gender = cell["gender"]
                value = cell.get("value")
                count = cell.get("count")
                status = cell.get("status") or ""
                deleted = cell.get("isdeleted", False)
            except (TypeError, KeyError, AttributeError):
                raise _bad(where, index, "values", "väntade objekt med gender och value") from None
            if gender not in GENDERS:
                raise _bad(where, index, "gender", f"väntade T, K eller M, fick {gender!r}")
            if value is not None:
                if type(value) is int:
                    value = float(value)
                elif type(value) is not float:
                    raise _bad(where, index, "value", f"väntade ett tal eller null, fick {value!r}")
            if count is not None and type(count) is not int:
                raise _bad(where, index, "count", f"väntade ett heltal eller null, fick {count!r}")
            yield ValueRow(
                kpi,
                unit,
                period_text,
                gender,
                value,
                str(status)[:20],
                count,
                deleted is True,
                index,
            )


def _bad(where: str, row: int, field: str, problem: str) -> PayloadError:
    return PayloadError(BAD_FIELD.format(where=where, row=row, field=field, problem=problem))


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
