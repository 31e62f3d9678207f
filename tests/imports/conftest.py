from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from apps.imports.models import ImportRun
from apps.imports.services import import_run_create, kolada_import_files

PAYLOADS = Path(__file__).parent / "kolada_v3"
METADATA = [PAYLOADS / "kpi.json", PAYLOADS / "municipality.json", PAYLOADS / "municipality_groups.json"]
DATA = PAYLOADS / "data_U20900_U23401.json"


@pytest.fixture
def import_files(db: None) -> Callable[..., ImportRun]:
    def run(*paths: Path) -> ImportRun:
        created = import_run_create(
            kind=ImportRun.Kind.KOLADA_FILE, trigger=ImportRun.Trigger.COMMAND, parameters={}
        )
        return kolada_import_files(run=created, paths=list(paths))

    return run
