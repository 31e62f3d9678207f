"""make bench, part 2: 250 000-row ledger imports in each layout and the budget page for 500
cost centres.

1. Write a ledger in each of the three layouts (docs/ledger.md) for 500 cost centres (a
   root, 10 areas, 489 units):
   - long: 500 × 12 months × utfall and budget × 21 kontoslag rows = 252 000 rows;
   - account-based: the same rows with a Kommun-Bas account instead of a kontoslag;
   - wide: the same 252 000 amounts with the twelve months as columns (21 000 rows).
2. Time `manage.py import_ledger` in its own process, first and again (the same file: nothing
   changes), limit 10 s on PostgreSQL, each into its own committee.
3. Render the budget page in-process 30 times (server time: median and 95th percentile,
   each limited to 150 ms) and count its SQL queries, for 500 and for 50 cost centres (must
   be equal).

Prints a RESULT line (JSON, see bench/results.py) per layout and for the page.
"""

from __future__ import annotations

import json
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

KONTOSLAG = ["intakter", "personalkostnader", "lokalkostnader", "kop_av_tjanster",
             "ovriga_kostnader", "avgifter", "material"]  # fmt: skip
KONTON = ["3110", "5010", "6010", "7310", "6910", "3310", "6410", "4610", "5410", "7810"]
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
PER_MONTH = 21  # rows per cost centre, month and kind


def tree(centres: int) -> list[tuple[str, str, str]]:
    nodes = [("R", "Nämnden", "")] + [(f"A{a}", f"Område {a}", "R") for a in range(10)]
    return nodes + [(f"U{u}", f"Enhet {u}", f"A{u % 10}") for u in range(centres - len(nodes))]


def _account(layout: str, n: int) -> tuple[str, int]:
    """The n:th row's kontoslag (or konto) and its sign."""
    if layout == "konto":
        konto = KONTON[n % len(KONTON)]
        return konto, 1 if konto < "4" else -1
    slag = KONTOSLAG[n % len(KONTOSLAG)]
    return slag, 1 if slag in {"intakter", "avgifter"} else -1


def write_ledger(path: Path, centres: int, layout: str = "kontoslag") -> int:
    """A long ledger (`layout` kontoslag or konto) for `centres` cost centres; its rows."""
    rows = [f"typ;period;ansvar;ansvar_namn;overordnat_ansvar;{layout};belopp"]
    for code, name, parent in tree(centres):
        for month in range(1, 13):
            for kind in ("utfall", "budget"):
                for n in range(PER_MONTH):
                    account, sign = _account(layout, n)
                    amount = sign * (1000 + 37 * n + month)
                    rows.append(
                        f"{kind};2025-{month:02d};{code};{name};{parent};{account};{amount} 000,50"
                    )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def write_wide_ledger(path: Path, centres: int) -> int:
    """The same amounts as write_ledger's, a column per month; returns the amounts."""
    rows = ["typ;ar;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;" + ";".join(MONTHS)]
    amounts = 0
    for code, name, parent in tree(centres):
        for kind in ("utfall", "budget"):
            for n in range(PER_MONTH):
                account, sign = _account("kontoslag", n)
                months = [f"{sign * (1000 + 37 * n + m)} 000,50" for m in range(1, 13)]
                rows.append(f"{kind};2025;{code};{name};{parent};{account};" + ";".join(months))
                amounts += 12
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return amounts


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


def result(name: str, label: str, **fields: object) -> None:
    """One RESULT line in bench/results.py's format (JSON)."""
    print("RESULT " + json.dumps({"name": name, "group": name.split(".")[0], "label": label,
                                  **fields}, ensure_ascii=False), flush=True)  # fmt: skip


def committee_for(slug: str, municipality: Municipality, user: User) -> Committee:
    committee, _ = Committee.objects.get_or_create(
        slug=slug, defaults={"name": slug, "municipality": municipality}
    )
    CommitteeRole.objects.get_or_create(user=user, committee=committee, role="politician")
    return committee


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    municipality, _ = Municipality.objects.get_or_create(code="9999", defaults={"name": "Bench"})
    user, _ = User.objects.get_or_create(username="bench-politiker")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    layouts = {
        "long": ("långt format", lambda p: write_ledger(p, 500), "rows"),
        "accounts": ("konton (Kommun-Bas)", lambda p: write_ledger(p, 500, "konto"), "rows"),
        "wide": ("brett format", lambda p: write_wide_ledger(p, 500), "amounts"),
    }
    for layout, (label, write, counted) in layouts.items():
        committee_for(f"bench-{layout}", municipality, user)
        path = folder / f"ledger-{layout}.csv"
        count = write(path)
        first = import_seconds(path, f"bench-{layout}")
        again = import_seconds(path, f"bench-{layout}")
        print(f"{layout}: {count:,} {counted}, import {first:.1f} s, re-import {again:.1f} s")
        result(
            f"import.ledger.{layout}", f"Huvudbok, {label}: {count} {counted}, 500 ansvar",
            n=1, median_ms=round(first * 1000), extra={"reimport_ms": round(again * 1000),
            counted: count}, target="≤ 10 s", met=first <= 10 and again <= 10,
        )  # fmt: skip
    pages = {}
    for centres in (50, 500):
        slug = "bench-long" if centres == 500 else "bench-50"
        committee_for(slug, municipality, user)
        if centres == 50:
            path = folder / "ledger-50.csv"
            write_ledger(path, centres)
            import_seconds(path, slug)
        pages[centres] = page_figures(slug, client)
        median, p95, queries = pages[centres]
        print(f"{centres} cost centres: page median {median:.0f} ms, p95 {p95:.0f} ms, "
              f"{queries} queries")  # fmt: skip
    median, p95, queries = pages[500]
    result(
        "page.budget", "Budgetsidan, 500 ansvar", n=30, median_ms=round(median, 1),
        p95_ms=round(p95, 1), queries=queries, target="median och p95 ≤ 150 ms, samma antal "
        "frågor för 50 ansvar", met=median <= 150 and p95 <= 150 and queries == pages[50][2],
    )  # fmt: skip


if __name__ == "__main__":
    main()
