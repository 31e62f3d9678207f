"""make bench, part 4: the overview and the indicator page on national-scale data.

Runs after bench_kolada.py (which loads 300 KPIs × 312 units × 15 years × T/K/M); loads
that data set itself if it is missing. A committee in one of the municipalities follows
the 300 KPIs, compares with a GR-like group of 13 members, a liknande group of 7 and riket
(group means written as Kolada would deliver them), and has three goals with targets and
assessments, a ledger of 50 cost centres and a register of 300 decisions. Server time
through the URLs (Django's test client: middleware, view, template), 30 requests each
after a warm-up; SQL queries counted with 10 and with 40 key indicators. The overview is
measured as served (from the cache while its data is unchanged, apps/dashboards/cache.py)
and rebuilt on every request (the first view after a change). Limits: median ≤ 50 ms, p95 ≤ 150 ms.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.decisions.models import Decision  # noqa: E402
from apps.indicators.models import (  # noqa: E402
    Assessment,
    CommitteeIndicator,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.organisations.models import (  # noqa: E402
    Committee,
    CommitteeRole,
    ComparisonGroup,
    Municipality,
)

DATA = ROOT / "var" / "bench" / "kolada-300x312x15"


def ensure_data() -> None:
    if IndicatorValue.objects.filter(indicator__code="N10299").exists():
        return
    print("national data set missing: importing it (a few minutes)")
    subprocess.run(
        [sys.executable, "bench/bench_kolada.py"]
        if not DATA.exists()
        else [sys.executable, "manage.py", "import_kolada", "--file", str(DATA)],
        cwd=ROOT,
        check=True,
    )


def setup() -> tuple[Committee, User]:
    own = Municipality.objects.get(code="1005")
    committee, _ = Committee.objects.update_or_create(
        slug="bench-pages", defaults={"name": "Bench-nämnden", "municipality": own}
    )
    groups = []
    for code, name, kind, members in (
        ("G-BENCH-GR", "Bench-regionen (ovägt medel)", "region", range(1000, 1013)),
        ("G-BENCH-LIK", "Liknande kommuner (ovägt medel)", "similar", range(1100, 1107)),
    ):
        group, _ = ComparisonGroup.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
        group.members.set(Municipality.objects.filter(code__in=[str(c) for c in members]))
        groups.append(group)
    committee.comparison_groups.set(groups)
    indicators = list(Indicator.objects.filter(code__startswith="N1").order_by("code"))
    CommitteeIndicator.objects.filter(committee=committee).delete()
    CommitteeIndicator.objects.bulk_create(
        CommitteeIndicator(committee=committee, indicator=i, order=n, is_key=n < 10)
        for n, i in enumerate(indicators)
    )
    IndicatorValue.objects.filter(group__in=groups).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            group=group,
            period=str(year),
            gender=gender,
            value=50.0 + year % 7,
            source="kolada",
        )
        for indicator in indicators[:40]
        for group in groups
        for year in range(2010, 2025)
        for gender in "TKM"
    )
    add_goals_ledger_and_register(committee, indicators[:9])
    user, _ = User.objects.get_or_create(username="bench-politiker")
    CommitteeRole.objects.get_or_create(user=user, committee=committee, role="politician")
    return committee, user


def add_goals_ledger_and_register(committee: Committee, indicators: list[Indicator]) -> None:
    """What a real committee has besides key figures: three goals with three indicators,
    targets and assessments; a ledger of 50 cost centres; a register of 300 decisions."""
    Goal.objects.filter(committee=committee).delete()
    for number in range(3):
        goal = Goal.objects.create(
            committee=committee, title=f"Mål {number + 1}", first_year=2024, last_year=2026
        )
        for indicator in indicators[number * 3 : number * 3 + 3]:
            link = GoalIndicator.objects.create(
                goal=goal, indicator=indicator, direction="at_least"
            )
            Target.objects.create(goal_indicator=link, year=2024, value=500)
        Assessment.objects.create(goal=goal, period="2025Q3", signal="delvis", analysis="Text.")
    ledger = ROOT / "var" / "bench" / "ledger-50.csv"
    if not ledger.exists():
        subprocess.run([sys.executable, "bench/bench_budget.py"], cwd=ROOT, check=True)
    call_command("import_ledger", str(ledger), "--committee", committee.slug, stdout=io.StringIO())
    Decision.objects.filter(committee=committee).delete()
    rng = random.Random(7)
    Decision.objects.bulk_create(
        Decision(
            committee=committee,
            reference=f"P-{n}",
            law="SoL",
            legal_basis="sol_2001_4_1",
            service="sarskilt_boende",
            gender="K",
            decided=date(2024, 1, 1) + timedelta(days=rng.randrange(600)),
        )
        for n in range(300)
    )


def timed(client: Client, url: str, runs: int = 30, rebuild: bool = False) -> tuple[float, float]:
    client.get(url)
    times = []
    for _ in range(runs):
        if rebuild:
            cache.clear()  # as the first view after the data changed
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def queries(client: Client, url: str) -> int:
    connection.queries_log.clear()  # a request resets the log; count from empty
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    ensure_data()
    committee, user = setup()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    overview = f"/namnd/{committee.slug}/"
    indicator = f"/namnd/{committee.slug}/nyckeltal/N10003/"
    results = {}
    for name, url, rebuild in (
        ("overview", overview, False),
        ("overview_rebuilt", overview, True),
        ("indicator", indicator, False),
    ):
        median, p95 = timed(client, url, rebuild=rebuild)
        results[name] = (median, p95)
        print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms")
    cache.clear()
    few = {
        name: queries(client, url)
        for name, url in (("overview", overview), ("indicator", indicator))
    }
    cached = queries(client, overview)
    CommitteeIndicator.objects.filter(committee=committee, order__lt=40).update(is_key=True)
    cache.clear()
    many = queries(client, overview)
    print(
        f"SQL queries: overview {few['overview']} with 10 key indicators, {many} with 40, "
        f"{cached} from the cache; indicator page {few['indicator']}"
    )
    print(
        "RESULT pages: "
        + " ".join(f"{k}_median_ms={m:.0f} {k}_p95_ms={p:.0f}" for k, (m, p) in results.items())
        + f" overview_queries={few['overview']}/{many}/cached={cached}"
        + f" indicator_queries={few['indicator']}"
        + " (limits 50 / 150 ms; queries constant)"
    )


if __name__ == "__main__":
    main()
