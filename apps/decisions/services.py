"""Importing the decision register: every row checked, then written in one transaction.
Importing the same referens again updates that decision; nothing is duplicated."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from apps.core.table_files import TableFileError, read_rows
from apps.decisions.models import LSS_SERVICES, SOL_SERVICES, Decision, ReportLog
from apps.decisions.quarters import Quarter
from apps.imports.models import ImportRun
from apps.organisations.models import Committee

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
BAD_CELL = "{file}, rad {row}, kolumn '{column}': {problem}"
NEW_SOL_FROM = date(2025, 7, 1)
SOL_CODES = {code for code, _ in SOL_SERVICES}
LSS_CODES = {code for code, _ in LSS_SERVICES}
PERSONNUMMER = r"\d{6,8}[-+]?\d{4}"
DATE_COLUMNS = {
    "avbrottsdatum": "interrupted",
    "aterupptagen_datum": "resumed",
    "verkstalld_datum": "carried_out",
    "avslutad_datum": "closed",
}


def read_register(path: Path, label: str) -> list[dict[str, Any]]:
    """Every row as Decision fields; raise TableFileError naming file, row and column."""
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, values in read_rows(path, label, COLUMNS):
        try:
            fields = _fields(values, number, label)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        reference = fields["reference"]
        if reference in seen:
            problem = f"{reference} finns redan på rad {seen[reference]}"
            errors.append(
                BAD_CELL.format(file=label, row=number, column="referens", problem=problem)
            )
            continue
        seen[reference] = number
        rows.append(fields)
    if errors:
        raise TableFileError(errors[:50])
    return rows


def _fields(values: dict[str, str], number: int, label: str) -> dict[str, Any]:
    def bad(column: str, problem: str) -> ValueError:
        return ValueError(BAD_CELL.format(file=label, row=number, column=column, problem=problem))

    def day(column: str, required: bool = False) -> date | None:
        text = values[column]
        if not text:
            if required:
                raise bad(column, "datum saknas (ÅÅÅÅ-MM-DD)")
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise bad(column, f"väntade ett datum ÅÅÅÅ-MM-DD, fick {text!r}") from None

    reference = values["referens"]
    if not reference:
        raise bad("referens", "referensen saknas")
    if re.fullmatch(PERSONNUMMER, reference.replace(" ", "")):
        raise bad("referens", "ser ut som ett personnummer; använd ärendets referens")
    law = {"sol": "SoL", "lss": "LSS"}.get(values["lag"].lower())
    if law is None:
        raise bad("lag", f"väntade SoL eller LSS, fick {values['lag']!r}")
    service = values["insatstyp"].lower()
    if service not in (LSS_CODES if law == "LSS" else SOL_CODES):
        raise bad("insatstyp", f"{service!r} är ingen insatstyp enligt {law}")
    decided = day("beslutsdatum", required=True)
    assert decided is not None
    gender = values["kon"].upper()
    if gender not in {"K", "M", "X"}:
        raise bad("kon", f"väntade K, M eller X, fick {values['kon']!r}")
    birth_year = None
    if values["fodelsear"]:
        if not values["fodelsear"].isdigit() or not 1900 <= int(values["fodelsear"]) <= 2100:
            raise bad("fodelsear", f"väntade ett år, fick {values['fodelsear']!r}")
        birth_year = int(values["fodelsear"])
    dates = {field: day(column) for column, field in DATE_COLUMNS.items()}
    for column, field in DATE_COLUMNS.items():
        when = dates[field]
        if when is not None and when < decided:
            raise bad(column, f"{when} ligger före beslutsdatum {decided}")
    resumed, interrupted = dates["resumed"], dates["interrupted"]
    if resumed is not None and (interrupted is None or resumed < interrupted):
        raise bad("aterupptagen_datum", "ett återupptagande kräver ett tidigare avbrottsdatum")
    close_reason = values["avslutsorsak"].lower()
    if close_reason and close_reason not in Decision.CloseReason.values:
        raise bad("avslutsorsak", f"okänd avslutsorsak {close_reason!r}")
    if dates["closed"] and not close_reason:
        raise bad("avslutsorsak", "ett avslutat beslut behöver en avslutsorsak")
    reason = values["skal"].lower()
    if reason and reason not in Decision.Reason.values:
        raise bad("skal", f"okänt skäl {reason!r}")
    if law == "LSS":
        basis = Decision.LegalBasis.LSS_9
    else:
        basis = (
            Decision.LegalBasis.OLD_SOL
            if decided < NEW_SOL_FROM
            else Decision.LegalBasis.NEW_SOL_11
        )
    return {
        "reference": reference,
        "law": law,
        "service": service,
        "decided": decided,
        "gender": gender,
        "birth_year": birth_year,
        "close_reason": close_reason,
        "reason": reason,
        "reason_text": values["kommentar"],
        "legal_basis": basis,
        **dates,
    }


def decisions_import(
    *, committee: Committee, path: Path, run: ImportRun, name: str | None = None
) -> ImportRun:
    run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        rows = read_register(path, f"fil {name or path.name}")
        with transaction.atomic():
            existing = {d.reference: d for d in Decision.objects.filter(committee=committee)}
            for fields in rows:
                decision = existing.get(fields["reference"])
                if decision is None:
                    Decision.objects.create(committee=committee, **fields)
                    run.created += 1
                elif any(getattr(decision, key) != value for key, value in fields.items()):
                    for key, value in fields.items():
                        setattr(decision, key, value)
                    decision.save()
                    run.updated += 1
                else:
                    run.unchanged += 1
    except TableFileError as exc:
        run.status, run.errors = ImportRun.Status.FAILED, exc.errors
        run.created = run.updated = run.unchanged = 0
    else:
        run.status = ImportRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
    return run


def report_log_add(
    *,
    committee: Committee,
    quarter: Quarter,
    recipient: str,
    channel: str,
    user: User | None,
    decision: Decision | None = None,
    note: str = "",
) -> ReportLog:
    """Record what was reported (or exported) to whom and when."""
    return ReportLog.objects.create(
        committee=committee,
        quarter=str(quarter),
        recipient=recipient,
        channel=channel,
        user=user,
        decision=decision,
        note=note,
        reported_at=timezone.now(),
    )
