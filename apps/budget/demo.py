"""Demo ledgers, loaded through the real import: Ale socialnämnd 2025 as printed in 004 (the
long layout) and Alingsås vård- och omsorgsnämnd 2024 as 002's Drift table (the wide one)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from apps.budget.services import ledger_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee

LEDGER_FILE = settings.BASE_DIR / "fixtures" / "demo" / "ale_sn_ledger_2025.csv"
ALINGSAS_LEDGER_FILE = settings.BASE_DIR / "fixtures" / "demo" / "alingsas_von_ledger_2024.csv"
INVESTMENTS_FILE = settings.BASE_DIR / "fixtures" / "demo" / "ale_sn_investments_2025.csv"


def _load(slug: str, path: Path) -> ImportRun:
    committee = Committee.objects.get(slug=slug)
    run = import_run_create(
        kind=ImportRun.Kind.LEDGER,
        trigger=ImportRun.Trigger.COMMAND,
        parameters={"file": path.name, "demo": True},
        committee=committee,
    )
    run = ledger_import(committee=committee, path=path, run=run)
    if run.status != ImportRun.Status.SUCCEEDED:
        raise RuntimeError(f"Demohuvudboken {path.name} kunde inte läsas: {run.errors}")
    return run


def load() -> str:
    ale = _load("ale-sn", LEDGER_FILE)
    _load("ale-sn", INVESTMENTS_FILE)
    alingsas = _load("alingsas-von", ALINGSAS_LEDGER_FILE)
    return (
        f"huvudbok Ale 2025 ({ale.created} nya, {ale.unchanged} oförändrade), "
        f"investeringar Ale 2025, huvudbok Alingsås 2024 ({alingsas.created} nya, "
        f"{alingsas.unchanged} oförändrade)"
    )
