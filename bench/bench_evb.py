"""make bench, part 3: the four EVB outputs for a register of 10 000 decisions over 12
quarters (about 1 500 of them with an avbrott, so some 11 500 waiting episodes), each
rendered through its URL as page, PDF, XLSX and CSV (server time, median of 5; limit 1 s
each). 2025Q3 is marked sent, so 2025Q4 is computed under the "what was sent counts" rule
(with late entries); the sent 2025Q3 is also measured, read from its snapshot and compared
with the register for the "Ändrat sedan rapporten skickades" list."""

from __future__ import annotations

import io
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from common import ROOT  # type: ignore[import-not-found]
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.decisions.models import Decision, Interruption, Offer, ReportLog, SentReport
from apps.decisions.quarters import Quarter
from apps.decisions.services import assign_serials, mark_quarter_sent
from apps.organisations.models import Committee, CommitteeRole, Municipality
from bench.results import emit

SERVICES = {
    "SoL": ["sarskilt_boende", "hemtjanst", "kontaktperson", "bostad"],
    "LSS": ["lss_9_bostad_vuxna", "lss_4_kontaktperson", "lss_10_daglig_verksamhet"],
}


def build_register(committee: Committee, count: int) -> None:
    # From scratch, so the script also runs again on a database it has filled before.
    SentReport.objects.filter(committee=committee).delete()
    ReportLog.objects.filter(committee=committee).delete()
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
            times.append((time.perf_counter() - started) * 1000)
        name = f"{kind}.{fmt}" + (".sent" if quarter == "2025Q3" else "")
        result = emit(f"page.evb.{name}", times, label=f"Ej verkställda: {name} {quarter}, "
                      "10 000 beslut", target="≤ 1000 ms", met=statistics.median(times) <= 1000,
                      note=url)  # fmt: skip
        print(f"{name} {quarter}: median {result['median_ms']:.0f} ms, "
              f"min {result['min_ms']:.0f}, max {result['max_ms']:.0f}")  # fmt: skip
    measure_import(committee)


def register_csv(committee: Committee, path: Path) -> int:
    """The committee's decisions (without avbrott) as a register file (import_decisions)."""
    header = (
        "referens;lag;insatstyp;beslutsdatum;kon;fodelsear;avbrottsdatum;"
        "aterupptagen_datum;verkstalld_datum;avslutad_datum;avslutsorsak;skal;kommentar"
    )
    lines = [header]
    for d in Decision.objects.filter(committee=committee).order_by("reference").iterator():
        lines.append(";".join([
            d.reference, d.law, d.service, d.decided.isoformat(), d.gender,
            str(d.birth_year or ""), "", "", d.carried_out.isoformat() if d.carried_out else "",
            d.closed.isoformat() if d.closed else "", d.close_reason, d.reason, d.reason_text,
        ]))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def import_ms(path: Path, slug: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "import_decisions", str(path), "--committee", slug]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def copy_ms(committee: Committee) -> float:
    """PostgreSQL's COPY of the committee's decision rows into the same table: written out,
    deleted, and copied in again (timed)."""
    table = Decision._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
        columns = ", ".join(f'"{c.name}"' for c in cursor.description if c.name != "id")
        data = io.BytesIO()
        query = (
            f'COPY (SELECT {columns} FROM "{table}" WHERE committee_id = {committee.pk}) TO STDOUT'
        )
        with cursor.cursor.copy(query) as copy:
            for block in copy:
                data.write(block)
    Decision.objects.filter(committee=committee).delete()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            copy.write(data.getvalue())
        return (time.perf_counter() - started) * 1000


def measure_import(source: Committee) -> None:
    municipality = source.municipality
    committee, _ = Committee.objects.get_or_create(
        slug="bench-evb-import", defaults={"name": "Bench import", "municipality": municipality}
    )
    Decision.objects.filter(committee=committee).delete()
    path = ROOT / "var" / "bench" / "register-10000.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = register_csv(source, path)
    first = import_ms(path, committee.slug)
    again = import_ms(path, committee.slug)
    reference = copy_ms(committee)
    emit("import.decisions", [first], label=f"import_decisions, {rows:,} beslut",
         reference="COPY", reference_ms=round(reference, 1),
         note="own process (manage.py); the COPY is into the decision table")  # fmt: skip
    emit("import.decisions.reimport", [again], label="import_decisions again, nothing changed",
         reference="COPY", reference_ms=round(reference, 1))  # fmt: skip
    print(
        f"import_decisions {rows} rows: {first:.0f} ms, again {again:.0f} ms, "
        f"COPY {reference:.0f} ms"
    )


if __name__ == "__main__":
    main()
