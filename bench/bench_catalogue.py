"""make bench: the whole real Kolada catalogue (March 2026: 6 099 KPIs, 312 units, 3 630
groups, 26 573 memberships) through `manage.py import_kolada --file`, in its own process.

1. Create a fresh, migrated database next to the bench database (so the first import
   creates everything, whatever the other bench scripts left), and point the imports at it.
2. Time the first import (everything new) and a second one (nothing changed): the run's own
   time (its started_at to finished_at: reading, checking and writing the catalogue), which
   the issue asks to be under 10 s, and the whole process's (Django's start included) with
   its peak memory.
3. Run the unit rules over the catalogue's titles and count how many of the hand-checked
   titles (tests/imports/test_unit_rules.py) they get right.
4. Drop the fresh database.

Run it as `.venv/bin/python bench/bench_catalogue.py` with DATABASE_URL set to a PostgreSQL
database (scripts/services.sh, as `make bench` does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from urllib.parse import urlparse, urlunparse

from common import ROOT  # type: ignore[import-not-found]
from django.db import connection

from bench.results import emit

CATALOGUE = ROOT / "tests" / "data" / "kolada-v3-2026-03"
LIMIT_SECONDS = 10.0
KINDS = ("municipality", "municipality_groups", "kpi")


def fresh_database_url() -> tuple[str, str]:
    """A new database beside the current one, and its DATABASE_URL."""
    name = f"{connection.settings_dict['NAME']}_catalogue"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = urlparse(os.environ["DATABASE_URL"])
    return name, urlunparse(url._replace(path=f"/{name}"))


def manage(url: str, *args: str) -> tuple[float, float, str]:
    """Seconds, peak MiB and stdout of one manage.py process against `url`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "DATABASE_URL": url},
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        errors = process.stderr.read() if process.stderr else ""
        raise SystemExit(f"manage.py {' '.join(args)} failed: {output}{errors}")
    return seconds, usage.ru_maxrss / 1024, output.strip()


def unit_rules() -> tuple[int, int, list[str]]:
    """(right, checked, wrong ids) of the unit rules on the hand-checked titles."""
    import gzip

    sys.path.insert(0, str(ROOT))
    from apps.imports.kolada.units import unit_from_title
    from tests.imports.test_unit_rules import HAND_CHECKED

    with gzip.open(CATALOGUE / "kpi.json.gz") as packed:
        titles = {row["id"]: row["title"] for row in json.load(packed)["values"]}
    wrong = [
        code for code, unit in HAND_CHECKED.items() if str(unit_from_title(titles[code])[0]) != unit
    ]
    return len(HAND_CHECKED) - len(wrong), len(HAND_CHECKED), wrong


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    name, url = fresh_database_url()
    try:
        manage(url, "migrate", "--noinput", "-v0")
        files = [
            str(CATALOGUE / f)
            for f in ("municipality.json.gz", "municipality_groups.json.gz", "kpi.json.gz")
        ]
        command = ["import_kolada", "--file", *files, "--format", "json"]
        first, first_mib, first_out = manage(url, *command)
        again, again_mib, again_out = manage(url, *command)
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    first_run, again_run = json.loads(first_out), json.loads(again_out)
    counts = first_run["metadata"]
    created = ", ".join(f"{key} {value['created']}" for key, value in counts.items())
    unchanged = ", ".join(
        f"{key} {value['unchanged']}" for key, value in again_run["metadata"].items()
    )
    first_run_s, again_run_s = first_run["seconds"], again_run["seconds"]
    print(
        f"first import: {first_run_s:.1f} s (process {first:.1f} s, peak {first_mib:.0f} MiB)"
        f" – created {created}"
    )
    print(
        f"re-import: {again_run_s:.1f} s (process {again:.1f} s, peak {again_mib:.0f} MiB)"
        f" – unchanged {unchanged}"
    )
    right, checked, wrong = unit_rules()
    print(f"unit rules: {right} of {checked} hand-checked titles right {wrong or ''}")
    emit("import.catalogue", [first_run_s * 1000],
         label="import_kolada --file, hela Kolada-katalogen (6 099 KPI, 3 630 grupper)",
         target=f"< {LIMIT_SECONDS:.0f} s", met=first_run_s < LIMIT_SECONDS,
         note=f"the run's own time, fresh db; process {first:.1f} s with Django's start, "
              f"peak {first_mib:.0f} MiB; created {created}")  # fmt: skip
    emit("import.catalogue.reimport", [again_run_s * 1000],
         label="import_kolada, samma katalog igen (inget ändrat)",
         target=f"< {LIMIT_SECONDS:.0f} s", met=again_run_s < LIMIT_SECONDS,
         note=f"process {again:.1f} s, peak {again_mib:.0f} MiB; same: {unchanged}")  # fmt: skip
    emit("other.unit_rules", label="enhetsreglerna på handgranskade titlar",
         target="alla rätt", met=right == checked,
         extra={"right": right, "checked": checked})  # fmt: skip


if __name__ == "__main__":
    main()
