"""make bench, part 3: the four EVB outputs for a register of 10 000 decisions over 12
quarters (about 1 500 of them with an avbrott, so some 11 500 waiting episodes), each
rendered through its URL as page, PDF, XLSX and CSV (server time, median of 5; limit 1 s
each). 2025Q3 is marked sent, so 2025Q4 is computed under the "what was sent counts" rule
(with late entries); the sent 2025Q3 is also measured, read from its snapshot and compared
with the register for the "Ändrat sedan rapporten skickades" list."""

from __future__ import annotations

import os
import random
import statistics
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
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from apps.decisions.models import Decision, Interruption, Offer  # noqa: E402
from apps.decisions.quarters import Quarter  # noqa: E402
from apps.decisions.services import assign_serials, mark_quarter_sent  # noqa: E402
from apps.organisations.models import Committee, CommitteeRole, Municipality  # noqa: E402

SERVICES = {
    "SoL": ["sarskilt_boende", "hemtjanst", "kontaktperson", "bostad"],
    "LSS": ["lss_9_bostad_vuxna", "lss_4_kontaktperson", "lss_10_daglig_verksamhet"],
}


def build_register(committee: Committee, count: int) -> None:
    Decision.objects.filter(committee=committee).delete()
    rng = random.Random(6)
    first = date(2023, 1, 1)
    decisions = []
    for n in range(count):
        law = "SoL" if n % 3 else "LSS"
        decided = first + timedelta(days=rng.randrange(3 * 365))
        waited = timedelta(days=rng.randrange(30, 500))
        outcome = rng.random()
        decisions.append(
            Decision(
                committee=committee,
                reference=f"B-{n:05d}",
                law=law,
                legal_basis="lss_9" if law == "LSS" else "sol_2001_4_1",
                service=rng.choice(SERVICES[law]),
                decided=decided,
                gender=rng.choice("KM"),
                birth_year=rng.randrange(1930, 2005),
                carried_out=decided + waited if outcome < 0.6 else None,
                closed=decided + waited if 0.6 <= outcome < 0.75 else None,
                close_reason="ansokan_atertagen" if 0.6 <= outcome < 0.75 else "",
                reason="resursbrist_plats",
                reason_text="Ingen ledig plats.",
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    Offer.objects.bulk_create(
        [
            Offer(
                decision=d,
                offered_on=d.decided + timedelta(days=60),
                what="Plats",
                answer="declined",
            )
            for d in Decision.objects.filter(committee=committee)[: count // 4]
        ],
        batch_size=2000,
    )
    carried_out = Decision.objects.filter(committee=committee, carried_out__isnull=False)
    Interruption.objects.bulk_create(
        [
            Interruption(
                decision=d,
                interrupted=d.carried_out + timedelta(days=rng.randrange(10, 300)),
                resumed=d.carried_out + timedelta(days=rng.randrange(310, 600))
                if rng.random() < 0.5
                else None,
            )
            for d in carried_out
            if rng.random() < 0.25
        ],
        batch_size=2000,
    )
    assign_serials(committee)
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 3), user=None)
    late = Decision.objects.bulk_create(  # entered after Q3 was sent: new in Q3, never sent
        [
            Decision(
                committee=committee,
                reference=f"SEN-{n:03d}",
                law="SoL",
                legal_basis="sol_2001_4_1",
                service="hemtjanst",
                decided=date(2025, 5, 1) + timedelta(days=n % 60),
                gender="K",
            )
            for n in range(50)
        ]
    )
    avbrott = Interruption.objects.filter(decision__committee=committee).count()
    print(f"register: {count} decisions, {avbrott} avbrott, {len(late)} entered late")


def main() -> None:
    municipality, _ = Municipality.objects.get_or_create(
        code="9998", defaults={"name": "Bench EVB"}
    )
    committee, _ = Committee.objects.get_or_create(
        slug="bench-evb", defaults={"name": "Bench", "municipality": municipality}
    )
    user, _ = User.objects.get_or_create(username="bench-rapportor")
    CommitteeRole.objects.get_or_create(user=user, committee=committee, role="rapportor")
    build_register(committee, 10_000)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    results = {}
    for quarter, kind, fmt in [
        ("2025Q4", kind, fmt)
        for kind in ("ivo", "revisorer", "kf", "namnd")
        for fmt in ("html", "pdf", "xlsx", "csv")
    ] + [("2025Q3", "ivo", "html"), ("2025Q3", "ivo", "xlsx"), ("2025Q4", "dashboard", "html")]:
        url = (
            reverse("decisions:dashboard", args=["bench-evb"]) + f"?kvartal={quarter}"
            if kind == "dashboard"
            else reverse("decisions:output", args=["bench-evb", kind])
            + f"?kvartal={quarter}&format={fmt}"
        )
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - started)
        name = f"{kind}.{fmt}" + (".sent" if quarter == "2025Q3" else "")
        results[name] = statistics.median(times)
        print(
            f"{name} {quarter}: median {statistics.median(times) * 1000:.0f} ms, "
            f"min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}"
        )
    print(
        "RESULT evb: "
        + " ".join(f"{k}_ms={v * 1000:.0f}" for k, v in results.items())
        + " (limit 1000 each)"
    )
    slowest = max(results, key=results.__getitem__)
    print(f"RESULT evb slowest: {slowest} {results[slowest] * 1000:.0f} ms (limit 1000)")


if __name__ == "__main__":
    main()
