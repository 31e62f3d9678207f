"""Reading the decision register file (docs/evb.md, "Registerfilen"): phase 1 of the import.

Every row is checked by the model's own validation (the same `full_clean` rules the form
and the admin use) and nothing is written; any problem is reported with file, row and
column. A referens may stand on several rows: each row with an `avbrottsdatum` adds an
avbrott; the decision's own columns must agree between the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from apps.core.table_files import TableFileError, read_rows
from apps.decisions.models import Area, Decision
from apps.decisions.validators import looks_like_identity_number

COLUMNS = [
    "referens",
    "lag",
    "insatstyp",
    "beslutsdatum",
    "kon",
    "fodelsear",
    "avbrottsdatum",
    "aterupptagen_datum",
    "verkstalld_datum",
    "avslutad_datum",
    "avslutsorsak",
    "skal",
    "kommentar",
]
OPTIONAL_COLUMNS = ["verksamhetsomrade", "specifikation", "atgarder"]
# The decision's own columns: the same on every row of one referens.
DECISION_COLUMNS = [
    column
    for column in COLUMNS + OPTIONAL_COLUMNS
    if column not in {"avbrottsdatum", "aterupptagen_datum"}
]
COLUMN_OF_FIELD = {
    "reference": "referens",
    "law": "lag",
    "service": "insatstyp",
    "decided": "beslutsdatum",
    "gender": "kon",
    "birth_year": "fodelsear",
    "carried_out": "verkstalld_datum",
    "closed": "avslutad_datum",
    "close_reason": "avslutsorsak",
    "reason": "skal",
    "reason_text": "kommentar",
    "area": "verksamhetsomrade",
    "service_detail": "specifikation",
    "measures": "atgarder",
    NON_FIELD_ERRORS: "referens",
}
BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # ASCII digits only
YEAR = re.compile(r"^[0-9]{4}$")
NEW_SOL_FROM = date(2025, 7, 1)
AREA_NAMES = {
    **{code: code for code in Area.values},
    **{str(label).lower(): code for code, label in Area.choices},
    "individ- och familjeomsorg": Area.IFO,
}


@dataclass
class RegisterDecision:
    row: int
    fields: dict[str, Any]
    interruptions: list[tuple[int, date, date | None]] = field(default_factory=list)


class CellError(ValueError):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column = column


def read_register(path: Path, label: str) -> list[RegisterDecision]:
    """Every decision in the file with its avbrott; raise TableFileError naming file, row
    and column of every problem found (at most 50)."""
    decisions: dict[str, RegisterDecision] = {}
    first_values: dict[str, dict[str, str]] = {}
    errors: list[str] = []

    def error(row: int, column: str, problem: str) -> None:
        errors.append(BAD_CELL.format(file=label, row=row, column=column, problem=problem))

    for number, values in read_rows(path, label, COLUMNS, OPTIONAL_COLUMNS):
        if len(errors) >= 50:
            break
        reference = values["referens"]
        try:
            interrupted = _day(values, "avbrottsdatum")
            resumed = _day(values, "aterupptagen_datum")
            if resumed is not None and interrupted is None:
                raise CellError("aterupptagen_datum", "ett återupptagande kräver ett avbrottsdatum")
            known = decisions.get(reference)
            if known is None:
                decisions[reference] = RegisterDecision(number, _decision_fields(values))
                first_values[reference] = values
            else:
                for column in DECISION_COLUMNS:
                    # a later row may leave the decision's own cells empty
                    if values[column] and values[column] != first_values[reference][column]:
                        raise CellError(
                            column,
                            f"{reference} står också på rad {known.row} med "
                            f"{first_values[reference][column]!r} (här {values[column]!r}); "
                            "beslutets egna kolumner måste vara lika på alla dess rader",
                        )
                if interrupted is None:
                    raise CellError(
                        "referens",
                        f"{reference} finns redan på rad {known.row}; en rad till behövs "
                        "bara för ett avbrott (avbrottsdatum)",
                    )
        except CellError as exc:
            error(number, exc.column, str(exc))
            continue
        if interrupted is not None:
            entry = decisions[reference]
            same_day = [row for row, day, _ in entry.interruptions if day == interrupted]
            if same_day:
                error(
                    number,
                    "avbrottsdatum",
                    f"avbrottet {interrupted} står redan på rad {same_day[0]}",
                )
                continue
            entry.interruptions.append((number, interrupted, resumed))
    if errors:
        raise TableFileError(errors[:50])
    return list(decisions.values())


def _day(values: dict[str, str], column: str) -> date | None:
    text = values[column]
    if not text:
        return None
    if not ISO_DATE.match(text):
        raise CellError(column, f"väntade ett datum ÅÅÅÅ-MM-DD, fick {text[:40]!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(column, f"{text} är inget datum som finns") from None


def _decision_fields(values: dict[str, str]) -> dict[str, Any]:
    """The row's decision as model fields, checked by the model's own validation."""
    reference = values["referens"]
    if not reference:
        raise CellError("referens", "referensen saknas")
    if looks_like_identity_number(reference):
        raise CellError(
            "referens",
            "ser ut som ett personnummer eller samordningsnummer; använd ärendets referens",
        )
    law = {"sol": "SoL", "lss": "LSS"}.get(values["lag"].lower())
    if law is None:
        raise CellError("lag", f"väntade SoL eller LSS, fick {values['lag'][:40]!r}")
    if values["kon"].upper() not in {"K", "M", "X"}:
        raise CellError("kon", f"väntade K, M eller X, fick {values['kon'][:40]!r}")
    decided = _day(values, "beslutsdatum")
    if decided is None:
        raise CellError("beslutsdatum", "datum saknas (ÅÅÅÅ-MM-DD)")
    birth_year = None
    if values["fodelsear"]:
        if not YEAR.match(values["fodelsear"]):
            raise CellError(
                "fodelsear", f"väntade ett år (ÅÅÅÅ), fick {values['fodelsear'][:40]!r}"
            )
        birth_year = int(values["fodelsear"])
    area = ""
    if values["verksamhetsomrade"]:
        area = AREA_NAMES.get(values["verksamhetsomrade"].lower(), "")
        if not area:
            raise CellError(
                "verksamhetsomrade",
                "väntade äldreomsorg, funktionsstöd eller ifo, fick "
                f"{values['verksamhetsomrade'][:40]!r}",
            )
    if law == "LSS":
        basis = Decision.LegalBasis.LSS_9
    else:
        basis = (
            Decision.LegalBasis.OLD_SOL
            if decided < NEW_SOL_FROM
            else Decision.LegalBasis.NEW_SOL_11
        )
    fields: dict[str, Any] = {
        "reference": reference,
        "law": law,
        "legal_basis": basis,
        "service": values["insatstyp"].lower(),
        "service_detail": values["specifikation"],
        "area": area,
        "decided": decided,
        "gender": values["kon"].upper(),
        "birth_year": birth_year,
        "carried_out": _day(values, "verkstalld_datum"),
        "closed": _day(values, "avslutad_datum"),
        "close_reason": values["avslutsorsak"].lower(),
        "reason": values["skal"].lower(),
        "reason_text": values["kommentar"],
        "measures": values["atgarder"],
    }
    decision = Decision(**fields)
    try:
        decision.clean_fields(exclude=["committee"])
        decision.clean()
    except ValidationError as exc:
        column, messages = next(iter(exc.message_dict.items()))
        raise CellError(COLUMN_OF_FIELD.get(column, column), "; ".join(messages)) from None
    return fields
