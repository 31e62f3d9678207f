"""make bench: how page time and SQL queries grow with the installation (issue 17, item 4).

1. Indicators per committee: three committees in one municipality follow 50, 500 and 5 000
   Kolada indicators (10 of them key figures), each with five years of values for the
   municipality and riket. Measured: the overview (rebuilt on every request, no cache),
   the indicator list (shows every indicator) and the comparison page (one indicator's
   comparison and a list of them all).
2. Committees in the installation: 1, 10 and 100 committees (each following 50
   indicators; the politician measured has a role in the first only, as a politician of
   one municipality in a region's installation); measured: the same pages of the first
   committee, and the start page of an administrator, who sees every committee.
The sizes are measured in turn, not one series after another, so that what the machine
does meanwhile falls on every size alike (measured on 2026-11-28: with one series of 10
requests per size, the same page with the same data took 27 ms in one series and 41 ms in
another, and the growth figures moved by up to 50 % between runs):
- indicators: the three committees exist side by side, and each round takes one request
  of every page at every size (common.time_pages);
- committees: the installation grows 1 → 10 → 100 and shrinks back 100 → 10 → 1, half the
  requests of 1 and 10 on the way up and half on the way down, so that a drift over the
  run cancels out.
Before each state the tables written are vacuumed and analysed (steady()), and the
process's own objects are frozen out of the garbage collector (common.time_pages), so that
every size is measured in the same state as a running installation.
Targets: the number of queries of a page is the same at every size; the median time grows
no faster than what the page shows (with a 1.5× margin for noise on a shared machine).
"""

from __future__ import annotations

import statistics
import time

from common import PAGE_RUNS, QUICK  # type: ignore[import-not-found]
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client

from apps.dashboards.periods import data_periods
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.organisations.models import Committee, CommitteeRole, Municipality
from bench.results import emit, summary

SIZES = (50, 500, 5000)
COMMITTEES = (1, 10, 100)
YEARS = range(2020, 2025)
RUNS = PAGE_RUNS


def ensure_indicators(count: int) -> list[Indicator]:
    existing = Indicator.objects.filter(code__startswith="GROW").count()
    if existing < count:
        Indicator.objects.bulk_create(
            Indicator(
                code=f"GROW{n:05d}",
                title=f"Tillväxtnyckeltal {n}",
                source="kolada",
                unit="%",
                operating_area="Bench",
            )
            for n in range(existing, count)
        )
    indicators = list(Indicator.objects.filter(code__startswith="GROW").order_by("code")[:count])
    own, riket = Municipality.objects.get(code="1005"), Municipality.objects.get(code="0000")
    IndicatorValue.objects.filter(indicator__code__startswith="GROW").delete()
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator=i,
                municipality=unit,
                period=str(year),
                gender="T",
                value=40.0 + (n + year) % 17,
                source="kolada",
            )
            for n, i in enumerate(indicators)
            for unit in (own, riket)
            for year in YEARS
        ),
        batch_size=5000,
    )
    return indicators


def committee_following(
    slug: str, indicators: list[Indicator], user: User | None = None
) -> Committee:
    committee, _ = Committee.objects.update_or_create(
        slug=slug,
        defaults={
            "name": f"Tillväxt {slug}",
            "municipality": Municipality.objects.get(code="1005"),
        },
    )
    CommitteeIndicator.objects.filter(committee=committee).delete()
    CommitteeIndicator.objects.bulk_create(
        (
            CommitteeIndicator(committee=committee, indicator=i, order=n, is_key=n < 10)
            for n, i in enumerate(indicators)
        ),
        batch_size=5000,
    )
    if user is not None:
        CommitteeRole.objects.get_or_create(user=user, committee=committee, role="politician")
    return committee


def steady() -> None:
    """The tables this script wrote vacuumed and analysed, as autovacuum leaves them in a
    running installation: measured in the state after a bulk write, or with autovacuum
    starting on the value table (4.2 M rows after bench_kolada) in the middle of a
    measurement, one size would get plans and a machine the others did not."""
    with connection.cursor() as cursor:
        for model in (IndicatorValue, CommitteeIndicator, Committee):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def measure(
    pages: list[tuple[Client, str]], runs: int = RUNS
) -> list[tuple[list[float], int, float]]:
    """Each page's samples, query count and raw SQL time, the pages timed in turn."""
    from common import time_pages  # type: ignore[import-not-found]

    timings = time_pages(pages, runs, before_each=cache.clear)
    for (_, url), timing in zip(pages, timings, strict=True):
        assert timing.status == 200, (url, timing.status)
    return [(t.samples_ms, t.queries, t.raw_ms) for t in timings]


def default_period_ms(committee: Committee) -> float:
    """The median time of the query behind the overview's default period (data_periods),
    which reads each followed indicator's newest period: one row each of NewestValue."""
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        data_periods(committee)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def judge(
    page: str,
    rows: list[tuple[int, list[float], int, int]],
    axis: str,
    period_ms: dict[int, float] | None = None,
) -> None:
    """rows: (size, samples, queries, shown). Flat queries; time no worse than linear.
    period_ms: the default period's query time at each size, told where the time grows
    faster than what the page shows."""
    queries = {q for _, _, q, _ in rows}
    emit(f"growth.{axis}.{page}.queries", label=f"{page}: SQL-frågor vid {axis}",
         target="lika många vid varje storlek", met=len(queries) == 1,
         extra={str(size): q for size, _, q, _ in rows})  # fmt: skip
    small, large = rows[0], rows[-1]
    time_growth = summary(large[1])["median_ms"] / summary(small[1])["median_ms"]
    shown_growth = max(1.0, large[3] / small[3])
    met = time_growth <= 1.5 * shown_growth
    why = None
    if not met and period_ms:
        first, last = period_ms[small[0]], period_ms[large[0]]
        why = (f"standardperioden läser varje följt nyckeltals senaste period (en rad per "
               f"nyckeltal ur NewestValue, data_periods): {first:.1f} ms vid {small[0]} och "
               f"{last:.1f} ms vid {large[0]} nyckeltal, en gång efter varje ändring")  # fmt: skip
        base = summary(small[1])["median_ms"] - first
        if base > 0:
            rest = (summary(large[1])["median_ms"] - last) / base
            why += f"; utan den växer tiden ×{rest:.1f}"
    emit(f"growth.{axis}.{page}.time", label=f"{page}: tid vid {axis}",
         target="växer högst som det sidan visar (×1,5 marginal)", met=met, why=why,
         note=f"tiden ×{time_growth:.2f} från {small[0]} till {large[0]}; "
              f"det som visas ×{shown_growth:.0f}")  # fmt: skip


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    user, _ = User.objects.get_or_create(username="bench-tillvaxt")
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client, admin_client = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    admin_client.force_login(admin)
    everything = ensure_indicators(max(SIZES))

    by_page: dict[str, list[tuple[int, list[float], int, int]]] = {}
    period_ms: dict[int, float] = {}
    committees = {
        size: committee_following(f"grow-{size}", everything[:size], user) for size in SIZES
    }
    steady()
    for size, committee in committees.items():
        period_ms[size] = default_period_ms(committee)
    pages = [
        (size, page, path, shown)
        for size in SIZES
        for page, path, shown in (
            ("overview", "", 10),
            ("indicator_list", "nyckeltal/", size),
            ("comparison", "jamforelse/", size),
        )
    ]
    results = measure([(client, f"/namnd/grow-{size}/{path}") for size, _, path, _ in pages])
    for (size, page, _, shown), (samples, queries, raw) in zip(pages, results, strict=True):
        by_page.setdefault(page, []).append((size, samples, queries, shown))
        emit(f"growth.indicators.{page}.{size}", samples, label=page, queries=queries,
             reference_ms=round(raw, 2), reference="rå SQL",
             extra={"indicators": size, "committees": 1, "shown": shown})  # fmt: skip
        print(f"{size} indicators, {page}: median {summary(samples)['median_ms']:.0f} ms, "
              f"{queries} queries")  # fmt: skip
    for committee in committees.values():
        committee.delete()
    for page, rows in by_page.items():
        judge(page, rows, "indicators", period_ms if page == "overview" else None)

    Committee.objects.filter(slug__startswith="grow-c-").delete()
    committee_following("grow-c-1", everything[:50], user)
    measured: dict[int, dict[str, tuple[list[float], int, float, int]]] = {}
    # Up and down again: 1 and 10 get half their requests on each way, 100 all at the top.
    for count, runs in ((1, RUNS // 2), (10, RUNS // 2), (100, RUNS), (10, RUNS - RUNS // 2),
                        (1, RUNS - RUNS // 2)):  # fmt: skip
        wanted = [f"grow-c-{n}" for n in range(1, count + 1)]
        Committee.objects.filter(slug__startswith="grow-c-").exclude(slug__in=wanted).delete()
        existing = set(Committee.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for slug in wanted:
            if slug not in existing:
                committee_following(slug, everything[:50])
        steady()
        total = Committee.objects.count()
        pages_c = (
            ("overview", "/namnd/grow-c-1/", client, 10),
            ("indicator_list", "/namnd/grow-c-1/nyckeltal/", client, 50),
            ("comparison", "/namnd/grow-c-1/jamforelse/", client, 50),
            ("home_admin", "/", admin_client, total),
        )
        results = measure([(who, url) for _, url, who, _ in pages_c], runs)
        for (page, _, _, shown), (samples, queries, raw) in zip(pages_c, results, strict=True):
            before = measured.setdefault(count, {}).get(page)
            if before:
                samples = before[0] + samples
            measured[count][page] = (samples, queries, raw, shown)
    by_page = {}
    for count in COMMITTEES:
        total = measured[count]["home_admin"][3]
        for page, (samples, queries, raw, shown) in measured[count].items():
            by_page.setdefault(page, []).append((count, samples, queries, shown))
            emit(f"growth.committees.{page}.{count}", samples, label=page, queries=queries,
                 reference_ms=round(raw, 2), reference="rå SQL",
                 extra={"indicators": 50, "committees": count, "shown": shown},
                 note=f"{total} committees in the installation in all" if page == "home_admin"
                 else None)  # fmt: skip
            print(f"{count} committees, {page}: median {summary(samples)['median_ms']:.0f} ms, "
                  f"{queries} queries")  # fmt: skip
    for page, rows in by_page.items():
        judge(page, rows, "committees")
    Committee.objects.filter(slug__startswith="grow-c-").delete()
    if QUICK:
        print("QUICK: the same sizes (growth is about the installation, not the data set)")


if __name__ == "__main__":
    main()
