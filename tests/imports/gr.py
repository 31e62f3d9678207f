"""Göteborgsregionen in the fake Kolada: its 13 members and a value for each of them."""

from __future__ import annotations

import json
from typing import Any

from tests.imports.payloads import PAYLOADS

GR = "G96190"


def gr_members() -> dict[str, str]:
    """The 13 member codes and names, as the recorded municipality_groups payload has them."""
    groups = json.loads((PAYLOADS / "municipality_groups.json").read_text())["values"]
    group = next(row for row in groups if row["id"] == GR)
    return {member["member_id"]: member["member_title"] for member in group["members"]}


def member_rows(kpi: str, years: range, own: str = "1489") -> list[dict[str, Any]]:
    """Kolada data rows for every GR member but `own` (whose rows are recorded): a distinct
    value each, so every member has its own place."""
    rows = []
    for index, code in enumerate(sorted(gr_members())):
        if code == own:
            continue
        for year in years:
            rows.append(
                {
                    "kpi": kpi,
                    "municipality": code,
                    "period": year,
                    "values": [
                        {
                            "gender": "T",
                            "count": 1,
                            "status": "",
                            "value": 40.0 + 3 * index + 0.5,
                            "isdeleted": False,
                        }
                    ],
                    "changed": "2025-01-01",
                }
            )
    return rows
