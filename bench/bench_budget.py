"""make bench, part 2: a 250 000-row ledger import and the budget page for 500 cost centres.

1. Write a ledger CSV: 500 cost centres (a root, 10 areas, 489 units) × 12 months ×
   utfall and budget × 20 kontoslag rows ≈ 240 000 rows.
2. Time `manage.py import_ledger` in its own process (limit 10 s on PostgreSQL).
3. Render the budget page in-process 30 times (server time: median and 95th percentile,
   limit 150 ms) and count its SQL queries, for 500 and for 50 cost centres (must be equal).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from apps.organisations.models import Committee, CommitteeRole, Municipality  # noqa: E402

ACCOUNTS = [
    "intakter",
    "personalkostnader",
    "lokalkostnader",
    "kop_av_tjanster",
    "ovriga_kostnader",
]


def write_ledger(path: Path, centres: int, per_month: int = 20) -> int:
    rows = ["typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp"]
    tree = [("R", "Nämnden", "")] + [(f"A{a}", f"Område {a}", "R") for a in range(10)]
    tree += [(f"U{u}", f"Enhet {u}", f"A{u % 10}") for u in range(centres - len(tree))]
    for code, name, parent in tree:
        for month in range(1, 13):
            for kind in ("utfall", "budget"):
                for n in range(per_month):
                    account = ACCOUNTS[n % len(ACCOUNTS)]
                    amount = (1 if account == "intakter" else -1) * (1000 + 37 * n + month)
                    rows.append(
                        f"{kind};2025-{month:02d};{code};{name};{parent};{account};{amount} 000,50"
                    )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def import_seconds(path: Path, slug: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "import_ledger", str(path), "--committee", slug],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def page_figures(slug: str, client: Client) -> tuple[float, float, int]:
    url = reverse("budget:overview", args=[slug]) + "?ar=2025&manad=9"
    client.get(url)  # warm-up
    times = []
    for _ in range(30):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return (
        statistics.median(times),
        times[int(len(times) * 0.95) - 1],
        len(queries.captured_queries),
    )


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    municipality, _ = Municipality.objects.get_or_create(code="9999", defaults={"name": "Bench"})
    user, _ = User.objects.get_or_create(username="bench-politiker")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    results = {}
    for centres in (50, 500):
        slug = f"bench-{centres}"
        committee, _ = Committee.objects.get_or_create(
            slug=slug, defaults={"name": slug, "municipality": municipality}
        )
        CommitteeRole.objects.get_or_create(user=user, committee=committee, role="politician")
        path = ROOT / "var" / "bench" / f"ledger-{centres}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = write_ledger(path, centres)
        first = import_seconds(path, slug)
        again = import_seconds(path, slug)
        median, p95, queries = page_figures(slug, client)
        results[centres] = (rows, first, again, median, p95, queries)
        print(
            f"{centres} cost centres: {rows:,} rows, import {first:.1f} s, re-import {again:.1f} s,"
            f" page median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries"
        )
    rows, first, again, median, p95, queries = results[500]
    print(
        f"RESULT budget: rows={rows} import_s={first:.1f} (limit 10) reimport_s={again:.1f} "
        f"page_median_ms={median:.0f} page_p95_ms={p95:.0f} (limit 150) queries={queries} "
        f"same_queries_for_50={queries == results[50][5]}"
    )


if __name__ == "__main__":
    main()
