"""Demo ledger: Ale socialnämnd 2025 as printed in 004, loaded through the real import."""

from __future__ import annotations

from django.conf import settings

from apps.budget.services import ledger_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee

LEDGER_FILE = settings.BASE_DIR / "fixtures" / "demo" / "ale_sn_ledger_2025.csv"


def load() -> str:
    committee = Committee.objects.get(slug="ale-sn")
    run = import_run_create(
        kind=ImportRun.Kind.LEDGER,
        trigger=ImportRun.Trigger.COMMAND,
        parameters={"file": LEDGER_FILE.name, "demo": True},
        committee=committee,
    )
    run = ledger_import(committee=committee, path=LEDGER_FILE, run=run)
    if run.status != ImportRun.Status.SUCCEEDED:
        raise RuntimeError(f"Demohuvudboken kunde inte läsas: {run.errors}")
    return f"huvudbok Ale 2025 ({run.created} nya, {run.unchanged} oförändrade)"
