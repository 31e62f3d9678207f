"""What the bench scripts share: Django set up for the bench database, the data-set size
(full, or smaller with BENCH_QUICK=1, i.e. `make bench QUICK=1`), and page timing with the
raw SQL reference."""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
# The national data set of issue 3: 300 KPIs × 312 units × 15 years × T/K/M.
KOLADA_KPIS, KOLADA_UNITS, KOLADA_YEARS = (40, 312, 5) if QUICK else (300, 312, 15)
KOLADA_DIR = ROOT / "var" / "bench" / f"kolada-{KOLADA_KPIS}x{KOLADA_UNITS}x{KOLADA_YEARS}"
PAGE_RUNS = 10 if QUICK else 30
SIZE_NOTE = (
    f"QUICK: {KOLADA_KPIS} KPIs × {KOLADA_UNITS} units × {KOLADA_YEARS} years"
    if QUICK
    else f"{KOLADA_KPIS} KPIs × {KOLADA_UNITS} units × {KOLADA_YEARS} years × T/K/M"
)


@dataclass
class PageTiming:
    status: int
    samples_ms: list[float]
    queries: int
    selects: int
    raw_ms: float  # median time of the page's own SELECTs run again with cursor.execute


def time_page(client: Client, url: str, runs: int, before_each=None) -> PageTiming:  # type: ignore[no-untyped-def]
    """Server time of `runs` requests of one page; see time_pages."""
    return time_pages([(client, url)], runs, before_each)[0]


def time_pages(pages: list[tuple[Client, str]], runs: int, before_each=None) -> list[PageTiming]:  # type: ignore[no-untyped-def]
    """Server time of `runs` requests of each page after a warm-up, the pages taken in turn
    (one request of each, then the next round), so that whatever the machine does meanwhile
    (another process, a checkpoint, autovacuum) falls on every page alike instead of on
    whichever series runs then; then each page's queries and their raw time.

    Before the rounds, what the process already holds (the bench's own data, an in-process
    import's leftovers, earlier pages) is frozen out of the garbage collector's sight, as
    gunicorn's workers freeze the loaded application (config/gunicorn.py): a production worker
    holds none of it, and otherwise a full collection over the bench's own objects lands in
    whichever series runs after them (measured on 2026-11-28 in bench_growth: the overview
    at 5 000 indicators 51 ms with them, 35 ms without). The pages' own objects are
    collected as in production."""
    gc.collect()
    gc.freeze()
    statuses = [client.get(url).status_code for client, url in pages]
    samples: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for n, (client, url) in enumerate(pages):
            if before_each is not None:
                before_each()
            started = time.perf_counter()
            response = client.get(url)
            samples[n].append((time.perf_counter() - started) * 1000)
            statuses[n] = response.status_code
    timings = []
    for n, (client, url) in enumerate(pages):
        if before_each is not None:
            before_each()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        sql = [q["sql"] for q in captured.captured_queries]
        selects = [s for s in sql if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        timings.append(
            PageTiming(statuses[n], samples[n], len(sql), len(selects), raw_sql_ms(selects, runs))
        )
    return timings


def raw_sql_ms(statements: list[str], runs: int) -> float:
    """Median time of running the statements (as executed, parameters bound) and fetching
    their rows, with nothing of Django around them."""
    times = []
    with connection.cursor() as cursor:
        for _ in range(max(3, runs)):
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
