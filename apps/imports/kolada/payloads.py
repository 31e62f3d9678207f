"""Reading Kolada v3 payloads (API pages or saved files) into checked rows.

Every problem names where it was found (file or URL, row, field) and what was expected.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.utils import timezone

from apps.core.cells import FLOAT_LIMIT, single_line
from apps.core.periods import FIRST_YEAR
from apps.indicators.value_store import ValueRow

PayloadKind = Literal["data", "kpi", "municipality", "municipality_groups"]
GENDERS = frozenset({"T", "K", "M"})
# ASCII only: "２０２３" or "١٤٨٩" are digits to Python's \d, not to Kolada.
UNIT_PATTERN = re.compile(r"(\d{4}|G\d{1,29})", re.ASCII)
MUNICIPALITY_PATTERN = re.compile(r"\d{4}", re.ASCII)
GROUP_PATTERN = re.compile(r"G\d{1,29}", re.ASCII)
# A KPI id (U23401, N00945) or an own code: letters, digits, - and _, at most 40 (the column).
KPI_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}", re.ASCII)
YEAR_PATTERN = re.compile(r"\d{4}", re.ASCII)
MAX_COUNT = 2**31 - 1  # the integer column
TITLE_LENGTHS = {"kpi": 400, "municipality": 100, "municipality_groups": 200}
ID_PATTERNS = {
    "kpi": KPI_PATTERN,
    "municipality": MUNICIPALITY_PATTERN,
    "municipality_groups": GROUP_PATTERN,
}
TOO_LARGE = "{where}: filen är {size} byte; högst {limit} byte läses in"

BAD_FIELD = "{where}, rad {row}, fält '{field}': {problem}"
NOT_A_PAYLOAD = "{where}: inte ett Kolada v3-svar ({problem})"
UNKNOWN_KIND = (
    "{where}: kan inte avgöra om filen är data, kpi, municipality eller municipality_groups"
)


class PayloadError(ValueError):
    """A payload that does not have the shape Kolada v3 gives."""


def load_payload(path: Path) -> dict[str, Any]:
    where = f"fil {path.name}"
    limit = settings.IMPORT_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise PayloadError(TOO_LARGE.format(where=where, size=size, limit=limit))
        if path.name.endswith(".gz"):  # a saved payload compressed with gzip
            with gzip.open(path) as packed:
                raw = packed.read(limit + 1)
            if len(raw) > limit:
                raise PayloadError(TOO_LARGE.format(where=where, size=f"över {limit}", limit=limit))
        else:
            raw = path.read_bytes()
        payload = json.loads(raw)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PayloadError(NOT_A_PAYLOAD.format(where=where, problem=exc)) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise PayloadError(NOT_A_PAYLOAD.format(where=where, problem="'values' saknas"))
    return payload


def payload_kind(values: list[dict[str, Any]], where: str) -> PayloadKind:
    first = values[0] if values and isinstance(values[0], dict) else {}
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
    """Check and flatten data rows: one ValueRow per gender, genders selected by name.

    Millions of rows pass through here in a national import, so what repeats is checked once:
    each distinct KPI id, unit, period and status text is remembered after its first check.
    """
    last_year = timezone.localdate().year + 1
    good_kpis: set[str] = set()
    good_units: set[str] = set()
    good_periods: dict[int | str, str] = {}
    good_statuses: dict[str, str] = {"": ""}
    for index, row in enumerate(values, start=1):
        try:
            kpi = row["kpi"]
            unit = row["municipality"]
            period = row["period"]
            genders = row["values"]
        except (TypeError, KeyError) as exc:
            raise _bad(where, index, str(exc).strip("'") or "(rad)", "fältet saknas") from None
        if type(kpi) is not str or kpi not in good_kpis:
            if type(kpi) is not str or not KPI_PATTERN.fullmatch(kpi):
                raise _bad(where, index, "kpi", f"väntade ett KPI-id, fick {kpi!r:.60}")
            good_kpis.add(kpi)
        if type(unit) is not str or unit not in good_units:
            if type(unit) is not str or not UNIT_PATTERN.fullmatch(unit):
                raise _bad(
                    where, index, "municipality",
                    f"väntade en kommunkod eller G-id, fick {unit!r:.60}",
                )  # fmt: skip
            good_units.add(unit)
        period_text = good_periods.get(period) if type(period) in (int, str) else None
        if period_text is None:
            period_text = str(period)
            if (
                type(period) not in (int, str)
                or not YEAR_PATTERN.fullmatch(period_text)
                or not FIRST_YEAR <= int(period_text) <= last_year
            ):
                raise _bad(
                    where, index, "period",
                    f"väntade ett år {FIRST_YEAR}–{last_year}, fick {period!r:.60}",
                )  # fmt: skip
            good_periods[period] = period_text
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
            if type(gender) is not str or gender not in GENDERS:
                raise _bad(where, index, "gender", f"väntade T, K eller M, fick {gender!r:.60}")
            if value is not None and not (
                type(value) is float and -FLOAT_LIMIT <= value <= FLOAT_LIMIT
            ):
                value = _checked_value(value, where, index)
            if count is not None and (type(count) is not int or not 0 <= count <= MAX_COUNT):
                raise _bad(
                    where, index, "count", f"väntade ett heltal eller null, fick {count!r:.60}"
                )
            checked_status = good_statuses.get(status) if type(status) is str else None
            if checked_status is None:
                checked_status = _checked_status(status, where, index)
                good_statuses[status] = checked_status
            yield ValueRow(
                kpi, unit, period_text, gender, value, checked_status, count, deleted is True, index
            )


def _checked_value(value: Any, where: str, index: int) -> float:
    """A value that is not a plain float within the limits: an integer that fits, or an error."""
    if type(value) is int and abs(value) <= FLOAT_LIMIT:
        return float(value)
    if type(value) is not float or not math.isfinite(value):
        raise _bad(where, index, "value", f"väntade ett tal eller null, fick {value!r:.60}")
    raise _bad(where, index, "value", f"{value!r} är orimligt stort")


def _checked_status(status: Any, where: str, index: int) -> str:
    if type(status) is not str:
        raise _bad(where, index, "status", f"väntade text, fick {status!r:.60}")
    try:
        return single_line(status[:20], max_length=20)
    except ValueError as exc:
        raise _bad(where, index, "status", str(exc)) from None


def check_metadata(kind: PayloadKind, values: list[Any], where: str) -> None:
    """Refuse a metadata row whose id is not an id of its kind or whose title is not one
    line of text that fits its column (phase 1, before anything is written)."""
    for index, row in enumerate(values, start=1):
        if not isinstance(row, dict):
            raise _bad(where, index, "(rad)", "väntade ett objekt")
        identifier = row.get("id")
        if type(identifier) is not str or not ID_PATTERNS[kind].fullmatch(identifier):
            raise _bad(where, index, "id", f"väntade ett id, fick {identifier!r:.60}")
        title = row.get("title")
        if title is not None:
            if type(title) is not str:
                raise _bad(where, index, "title", f"väntade text, fick {title!r:.60}")
            try:
                single_line(title, max_length=TITLE_LENGTHS[kind])
            except ValueError as exc:
                raise _bad(where, index, "title", str(exc)) from None


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
