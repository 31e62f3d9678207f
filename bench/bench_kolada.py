"""make bench, part 1: the national-scale Kolada import against PostgreSQL's own COPY.

1. Generate (or reuse) the data set: 300 KPIs × 312 units × 15 years × T/K/M in v3 files.
2. Load the same rows with COPY into the empty value table, with its indexes and
   constraints; time it; empty the table again. Twice, and the second is the reference:
   a production database is never new and the import is always a later load. The two used
   to differ (50 s the first time into a new cluster, 77-81 s every time after, measured
   on 2026-11-28). The cause: the foreign-key check PostgreSQL runs for each row reads the
   referenced municipality table through its primary key only until autovacuum has
   analysed that small table; after that, at PostgreSQL's default random_page_cost of 4,
   row by row (a stand-alone reproduction with the same keys: 44 s, then 100 and 104 s;
   with random_page_cost 1.1, 44 s each time). The app's connections now plan with 1.1
   (config/env.py), so both loads, and the import, take the fast plan; both are still
   printed, with their ratios.
3. Time `manage.py import_kolada --file DIR` (first import) and again (nothing changed),
   each in its own process, with its peak memory from the kernel (wait4).
Prints the figures and the ratio import/COPY (the issue asks for at most 2).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import KOLADA_KPIS, KOLADA_UNITS, KOLADA_YEARS, ROOT  # type: ignore[import-not-found]
from django.db import connection

from apps.indicators.models import Indicator, IndicatorValue
from apps.organisations.models import Municipality
from bench.kolada_dataset import write_dataset
from bench.results import emit

FILLED = ["indicator_id", "municipality_id", "period", "gender", "value", "status", "count",
          "source", "changed_at"]  # fmt: skip


def other_columns() -> list[tuple[str, str]]:
    """The value table's other NOT NULL columns with their model default in COPY's text form
    (the table grows columns; the COPY must fill them as the import does)."""
    found = []
    for field in IndicatorValue._meta.concrete_fields:
        if field.column in FILLED or field.primary_key or field.null:
            continue
        default = field.get_default()
        found.append((field.column, "\\N" if default is None else str(default)))
    return found


def value_columns() -> str:
    return ", ".join(FILLED + [column for column, _ in other_columns()])


def run_import(directory: Path) -> tuple[float, float, str]:
    """Seconds, peak MiB and the summary line of one import_kolada process."""
    settle()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_kolada", "--file", str(directory)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import_kolada failed: {output}")
    return seconds, usage.ru_maxrss / 1024, output.strip()


def settle() -> None:
    """The same start for every timed load: PostgreSQL's dirty buffers written (CHECKPOINT)
    and the kernel's dirty pages on disk (sync), so that no load pays for the writes of the
    one before it (the harness runs PostgreSQL with fsync off: its writes stay in the page
    cache until the kernel flushes them)."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    os.sync()


def copy_baseline(copy_file: Path) -> float:
    """PostgreSQL's own COPY of the same rows into the same (empty) table."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {IndicatorValue._meta.db_table}")
        settle()
        started = time.perf_counter()
        cursor.execute(
            f"COPY {IndicatorValue._meta.db_table} ({value_columns()}) FROM %s",
            [str(copy_file)],
        )
        seconds = time.perf_counter() - started
        cursor.execute(f"TRUNCATE {IndicatorValue._meta.db_table}")
        cursor.execute("CHECKPOINT")
    return seconds


def write_copy_file(files: list[Path], target: Path) -> int:
    """The data set's rows with ids resolved, in COPY's text format."""
    import json

    indicators = dict(Indicator.objects.values_list("code", "id"))
    units = dict(Municipality.objects.values_list("code", "id"))
    rows = 0
    tail = "".join(f"\t{text}" for _, text in other_columns())
    with target.open("w") as out:
        for path in files:
            if not path.name.startswith("data-"):
                continue
            for row in json.loads(path.read_text())["values"]:
                ids = f"{indicators[row['kpi']]}\t{units[row['municipality']]}\t{row['period']}"
                for cell in row["values"]:
                    value = "\\N" if cell["value"] is None else repr(cell["value"])
                    out.write(f"{ids}\t{cell['gender']}\t{value}\t\t1\tkolada\t2026-01-01{tail}\n")
                    rows += 1
    target.chmod(0o644)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kpis", type=int, default=KOLADA_KPIS)
    parser.add_argument("--units", type=int, default=KOLADA_UNITS)
    parser.add_argument("--years", type=int, default=KOLADA_YEARS)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"

    data_dir = ROOT / "var" / "bench" / f"kolada-{args.kpis}x{args.units}x{args.years}"
    started = time.perf_counter()
    files = write_dataset(data_dir, kpis=args.kpis, units=args.units,
                          years=range(2010, 2010 + args.years))  # fmt: skip
    print(f"data set: {len(files)} files in {time.perf_counter() - started:.1f} s ({data_dir})")

    # The metadata first (small), so that the COPY baseline can resolve ids.
    meta_dir = data_dir / "meta"
    meta_dir.mkdir(exist_ok=True)
    for name in ("0-kpi.json", "0-municipality.json"):
        (meta_dir / name).write_bytes((data_dir / name).read_bytes())
    run_import(meta_dir)

    copy_file = Path("/tmp") / f"nk-bench-{os.getpid()}.copy"
    rows = write_copy_file(files, copy_file)
    try:
        first_copy = copy_baseline(copy_file)
        copy_seconds = copy_baseline(copy_file)
    finally:
        copy_file.unlink()
    print(f"COPY baseline: {rows:,} rows in {copy_seconds:.1f} s "
          f"(the first load into the new cluster: {first_copy:.1f} s)")  # fmt: skip

    first, first_mib, first_summary = run_import(data_dir)
    print(f"first import: {first:.1f} s, peak {first_mib:.0f} MiB – {first_summary}")
    again, again_mib, again_summary = run_import(data_dir)
    print(f"re-import (unchanged): {again:.1f} s, peak {again_mib:.0f} MiB – {again_summary}")
    ratio = first / copy_seconds
    print(f"ratio import/COPY {ratio:.2f} (limit 2.0)")
    size = f"{args.kpis} KPIs × {args.units} units × {args.years} years × T/K/M"
    emit("import.kolada", [first * 1000], label=f"import_kolada --file, {rows:,} values",
         reference="COPY", reference_ms=round(copy_seconds * 1000), target="≤ 2,0 × COPY",
         met=ratio <= 2.0, note=f"{size}; own process; {first_summary}; COPY the first time "
         f"into the new cluster {first_copy:.1f} s (ratio {first / first_copy:.2f}), the "
         f"second time (the reference) {copy_seconds:.1f} s")  # fmt: skip
    emit("import.kolada.reimport", [again * 1000], label="import_kolada again, nothing changed",
         reference="COPY", reference_ms=round(copy_seconds * 1000),
         target="snabbare än första importen", met=again < first, note=again_summary)  # fmt: skip
    emit("import.kolada.memory", label="import_kolada, högsta minnesanvändning",
         target="≤ 1024 MiB", met=max(first_mib, again_mib) <= 1024,
         note=f"{max(first_mib, again_mib):.0f} MiB (wait4 ru_maxrss)")  # fmt: skip


if __name__ == "__main__":
    main()
