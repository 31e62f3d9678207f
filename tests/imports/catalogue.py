"""The real Kolada v3 catalogue (March 2026) under tests/data, gzipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "kolada-v3-2026-03"
KPI_FILE = CATALOGUE / "kpi.json.gz"
MUNICIPALITY_FILE = CATALOGUE / "municipality.json.gz"
GROUP_FILE = CATALOGUE / "municipality_groups.json.gz"
FILES = [KPI_FILE, MUNICIPALITY_FILE, GROUP_FILE]


def rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path) as packed:
        return json.load(packed)["values"]


def kpis() -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows(KPI_FILE)}
