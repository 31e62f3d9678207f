"""A national-scale data set in Kolada v3 file form: KPIs × units × years × T/K/M.

Written as API-sized pages (5 000 data rows a file) plus kpi.json and municipality.json,
so the importer reads it exactly as it reads saved API answers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

PAGE = 5000


def unit_codes(count: int = 312) -> list[str]:
    """Riket, 21 regions and the municipalities, as Kolada numbers them (4 digits)."""
    codes = ["0000"] + [f"{i:04d}" for i in range(1, 22)]
    codes += [f"{1000 + i}" for i in range(count - len(codes))]
    return codes[:count]


def kpi_codes(count: int) -> list[str]:
    return [f"N{10000 + i}" for i in range(count)]


def data_rows(kpis: list[str], units: list[str], years: range) -> Iterator[dict]:
    rng = random.Random(20261122)
    for kpi in kpis:
        for unit in units:
            for year in years:
                cells = []
                for gender in ("K", "T", "M") if rng.random() < 0.5 else ("T", "M", "K"):
                    value = None if rng.random() < 0.02 else round(rng.uniform(0, 1000), 1)
                    cells.append(
                        {"gender": gender, "count": 1, "status": "", "value": value,
                         "isdeleted": False}
                    )  # fmt: skip
                yield {"kpi": kpi, "municipality": unit, "period": year, "values": cells}


def write_dataset(target: Path, *, kpis: int, units: int, years: range) -> list[Path]:
    """Write the files (once; an existing complete set is reused) and return their paths."""
    marker = target / f".complete-{kpis}x{units}x{len(years)}"
    kpi_list, unit_list = kpi_codes(kpis), unit_codes(units)
    if not marker.exists():
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.json"):
            old.unlink()
        metadata = [
            {"id": code, "title": f"Nyckeltal {code}, andel (%)", "description": "",
             "is_divided_by_gender": True, "municipality_type": "K", "operating_area": "Bench",
             "publication_date": "2099-01-01", "prel_publication_date": None, "publ_period": ""}
            for code in kpi_list
        ]  # fmt: skip
        _dump(target / "0-kpi.json", metadata)
        _dump(
            target / "0-municipality.json",
            [{"id": c, "title": f"Enhet {c}", "type": "K" if c >= "1000" else "L"}
             for c in unit_list],
        )  # fmt: skip
        page: list[dict] = []
        number = 0
        for row in data_rows(kpi_list, unit_list, years):
            page.append(row)
            if len(page) == PAGE:
                number += 1
                _dump(target / f"data-{number:05d}.json", page)
                page = []
        if page:
            _dump(target / f"data-{number + 1:05d}.json", page)
        marker.touch()
    return sorted(target.glob("*.json"))


def _dump(path: Path, values: list[dict]) -> None:
    path.write_text(
        json.dumps({"values": values, "count": len(values), "next_url": None}, ensure_ascii=False)
    )
