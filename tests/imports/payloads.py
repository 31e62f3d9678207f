"""Kolada v3 payloads under tests/imports/kolada_v3 (written in the v3 form, figures from the
seed documents; the live API is not reachable from the test machines)."""

from __future__ import annotations

from pathlib import Path

PAYLOADS = Path(__file__).parent / "kolada_v3"
METADATA = [
    PAYLOADS / "kpi.json",
    PAYLOADS / "municipality.json",
    PAYLOADS / "municipality_groups.json",
]
DATA = PAYLOADS / "data_U20900_U23401.json"
