"""make bench: 50 simulated users against gunicorn with the production settings (issue 17,
item 2), on its own and again while a full Kolada refresh runs in a real Celery worker.

1. Four committees on the national data set (bench-pages of bench_pages.py and three more
   in other municipalities), each following 40 KPIs (10 key figures) with a 50-centre
   ledger; two politicians each, with a password.
2. collectstatic, then gunicorn (config.settings.production, 127.0.0.1, 2 × cores + 1
   workers as gunicorn's documentation advises, the cache in Redis as in production).
3. locust, headless: 50 users (bench/locustfile.py) log in through the form, then browse the
   overview, indicator, comparison and budget pages for 60 s (1–5 s between pages).
   Errors, median, p95 and throughput over that window.
4. The same while a Celery worker (production settings, as docker-compose starts it, at a
   lower CPU priority as docker-compose gives it fewer CPU shares than web) runs a
   full Kolada refresh of every KPI × unit × year of the data set from the fake Kolada
   server of tests/imports/fake_kolada.py serving the data set with every value changed, so
   the refresh writes every row. The refresh's time and status are reported too.
Target: no errors, p95 < 300 ms.
"""

from __future__ import annotations

import io
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil
import requests
from common import (  # type: ignore[import-not-found]
    KOLADA_DIR,
    KOLADA_KPIS,
    KOLADA_UNITS,
    KOLADA_YEARS,
    QUICK,
    ROOT,
)
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.indicators.models import CommitteeIndicator, Indicator
from apps.organisations.models import Committee, CommitteeRole, Municipality
from bench.kolada_dataset import kpi_codes, unit_codes
from bench.results import emit, summary
from config.celery import app as celery_app
from tests.imports.fake_kolada import FakeKolada, running

USERS = 50
SECONDS = 20 if QUICK else 60
PASSWORD = secrets.token_urlsafe(16)
OUT = ROOT / "var" / "bench" / "out"
BIN = Path(sys.executable).parent
WORKERS = 2 * (os.cpu_count() or 2) + 1


def committees() -> list[str]:
    """The committees the users browse, and their users ("username:slug")."""
    pages = Committee.objects.filter(slug="bench-pages").first()
    if pages is None:
        subprocess.run([sys.executable, "bench/bench_pages.py"], cwd=ROOT, check=True)
        pages = Committee.objects.get(slug="bench-pages")
    ledger = ROOT / "var" / "bench" / "ledger-bench-pages.csv"
    indicators = list(Indicator.objects.filter(code__in=kpi_codes(KOLADA_KPIS)).order_by("code"))
    slugs = ["bench-pages"]
    for number, code in enumerate(("1010", "1020", "1030"), start=1):
        committee, _ = Committee.objects.update_or_create(
            slug=f"bench-load-{number}",
            defaults={
                "name": f"Lastnämnd {number}",
                "municipality": Municipality.objects.get(code=code),
            },
        )
        committee.comparison_groups.set(pages.comparison_groups.all())
        CommitteeIndicator.objects.filter(committee=committee).delete()
        CommitteeIndicator.objects.bulk_create(
            CommitteeIndicator(committee=committee, indicator=i, order=n, is_key=n < 10)
            for n, i in enumerate(indicators[:40])
        )
        call_command(
            "import_ledger", str(ledger), "--committee", committee.slug, stdout=io.StringIO()
        )
        slugs.append(committee.slug)
    call_command("axes_reset", stdout=io.StringIO())  # no lock-out left by an earlier run
    pairs = []
    for slug in slugs:
        committee = Committee.objects.get(slug=slug)
        for number in (1, 2):
            user, _ = User.objects.get_or_create(username=f"{slug}-politiker-{number}")
            # Production checks passwords with PBKDF2 (the test settings hash with MD5).
            user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
            user.save()
            CommitteeRole.objects.get_or_create(user=user, committee=committee, role="politician")
            pairs.append(f"{user.username}:{slug}")
    return pairs


def production_env() -> dict[str, str]:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    redis = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
        "CACHE_URL": f"{redis}/2",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_health(url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /health/ within 90 s")


def role_of(process: psutil.Process) -> str:
    """Which part of the run a process is, by its command line."""
    try:
        command = " ".join(process.cmdline())
        name = process.name()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "annat"
    if process.pid == os.getpid():
        return "bench (fake Kolada)"
    for role, mark in (("gunicorn", "gunicorn"), ("celery", "celery"), ("locust", "locust")):
        if mark in command:
            return role
    if name.startswith("postgres") or command.startswith("postgres"):
        return "postgres"
    if name.startswith("redis"):
        return "redis"
    return "annat"


def cpu_seconds() -> dict[int, tuple[str, float]]:
    """Every process's role and CPU seconds so far (user + system)."""
    found = {}
    for process in psutil.process_iter():
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        found[process.pid] = (role_of(process), times.user + times.system)
    return found


def cpu_use(before: dict[int, tuple[str, float]], seconds: float, children: float) -> str:
    """The cores each part used since `before` (locust, a finished child, from its rusage):
    what shows whether the pages, the import, the load generator or other work on the
    machine had the CPU."""
    used: dict[str, float] = defaultdict(float)
    for pid, (role, now) in cpu_seconds().items():
        used[role] += now - before.get(pid, (role, 0.0))[1]
    used["locust"] += children
    parts = ", ".join(
        f"{role} {value / seconds:.2f}"
        for role, value in sorted(used.items(), key=lambda i: -i[1])
        if value / seconds >= 0.01
    )
    return f"kärnor i bruk under körningen ({seconds:.0f} s, inloggningar med): {parts}"


def run_locust(name: str, label: str, url: str, users: list[str], note: str = "") -> dict[str, Any]:
    output = OUT / f"locust-{name}.json"
    env = {
        **os.environ,
        "BENCH_LOAD_USERS": ",".join(users),
        "BENCH_LOAD_PASSWORD": PASSWORD,
        "BENCH_LOAD_CODES": ",".join(kpi_codes(KOLADA_KPIS)[:10]),
        "BENCH_LOAD_SECONDS": str(SECONDS),
        "BENCH_LOAD_OUTPUT": str(output),
    }
    command = [str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "-u", str(USERS),
               "-r", "10", "--host", url, "-t", f"{SECONDS + 240}s", "--only-summary",
               "--loglevel", "WARNING"]  # fmt: skip
    before, started = cpu_seconds(), time.monotonic()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with (OUT / f"locust-{name}.log").open("wb") as log:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=SECONDS + 400
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    cpu = cpu_use(before, time.monotonic() - started, locust_cpu)
    print(cpu)
    data = json.loads(output.read_text())
    samples = [ms for _, ms, _ in data["requests"]]
    failures = [error for _, _, error in data["requests"] if error]
    by_page: dict[str, list[float]] = defaultdict(list)
    for page, ms, _ in data["requests"]:
        by_page[page].append(ms)
    figures = summary(samples) if samples else {"p95_ms": float("inf")}
    pages = ", ".join(
        f"{page} {statistics.median(v):.0f}/{summary(v)['p95_ms']:.0f} ms"
        for page, v in sorted(by_page.items())
    )
    result = emit(
        f"load.{name}",
        samples,
        label=label,
        target="inga fel, p95 < 300 ms",
        met=not failures and figures["p95_ms"] < 300,
        note=f"median/p95 per sida: {pages}"
        + (f"; fel: {failures[:3]}" if failures else "")
        + f"; {cpu}"
        + note,
        extra={
            "users": USERS,
            "logged_in": data["logged_in"],
            "failed_logins": data.get("failed_logins", 0),
            "seconds": round(data["seconds"]),
            "requests": len(samples),
            "failures": len(failures),
            "rps": round(len(samples) / data["seconds"], 1) if data["seconds"] else 0,
            "gunicorn_workers": WORKERS,
        },
    )
    print(
        f"{name}: {len(samples)} requests in {data['seconds']:.0f} s, {len(failures)} errors,"
        f" median {result.get('median_ms', 0):.0f} ms, p95 {result.get('p95_ms', 0):.0f} ms"
    )
    return result


class IndexedFakeKolada(FakeKolada):
    """The fake Kolada, with its rows found by KPI instead of a scan of them all."""

    def data_rows(self, kpis: set[str], units: set[str], years: set[int]) -> list[dict]:
        index = self.__dict__.setdefault("_index", {})
        if not index:
            for row in self.data:
                index.setdefault(row["kpi"], []).append(row)
        return [
            row
            for kpi in sorted(kpis)
            for row in index.get(kpi, [])
            if row["municipality"] in units and row["period"] in years
        ]


def changed_data_set() -> IndexedFakeKolada:
    """The data set's files as the fake serves them, every value changed (+1)."""

    def values(name: str) -> list[dict]:
        return json.loads((KOLADA_DIR / name).read_text())["values"]

    data = []
    for path in sorted(KOLADA_DIR.glob("data-*.json")):
        for row in json.loads(path.read_text())["values"]:
            for cell in row["values"]:
                if cell["value"] is not None:
                    cell["value"] = round(cell["value"] + 1, 1)
            row["changed"] = "2026-01-01"
            data.append(row)
    return IndexedFakeKolada(
        kpis={row["id"]: row for row in values("0-kpi.json")},
        municipalities={row["id"]: row for row in values("0-municipality.json")},
        data=data,
    )


def refresh_run() -> ImportRun:
    first = 2010
    run = import_run_create(
        kind=ImportRun.Kind.KOLADA_API,
        trigger=ImportRun.Trigger.COMMAND,
        parameters={
            "kpis": kpi_codes(KOLADA_KPIS),
            "units": unit_codes(KOLADA_UNITS),
            "years": [first, first + KOLADA_YEARS - 1],
            "from_date": None,
        },
    )
    celery_app.send_task("apps.imports.tasks.run_kolada_fetch", args=[run.pk])
    return run


def with_refresh(url: str, users: list[str], env: dict[str, str]) -> None:
    print("loading the data set into the fake Kolada …")
    fake = changed_data_set()
    rows = sum(len(row["values"]) for row in fake.data)
    with running(fake):
        worker_env = {**env, "KOLADA_BASE_URL": fake.url, "KOLADA_BACKOFF_SECONDS": "0.1"}
        # At a lower CPU priority, as docker-compose.yml gives the worker fewer CPU shares
        # than web: imports yield to page views.
        worker = start(["nice", "-n", "10", str(BIN / "celery"), "-A", "config", "worker",
                        "--loglevel", "INFO", "--concurrency", "2"], worker_env,
                       OUT / "celery-worker.log")  # fmt: skip
        try:
            run = refresh_run()
            started = time.monotonic()
            deadline = started + 120
            while run.status == ImportRun.Status.PENDING and time.monotonic() < deadline:
                time.sleep(0.5)
                run.refresh_from_db()
            if run.status != ImportRun.Status.RUNNING:
                raise SystemExit(f"the refresh did not start: {run.status} {run.errors}")
            result = run_locust("refresh", "50 användare medan en full Kolada-uppdatering körs "
                                "i Celery", url, users)  # fmt: skip
            run.refresh_from_db()
            during = run.status
            limit = started + 300
            while not run.is_finished and time.monotonic() < limit:
                time.sleep(2)
                run.refresh_from_db()
            took = time.monotonic() - started
        finally:
            stop(worker)
    done = run.is_finished
    if during == ImportRun.Status.RUNNING:
        overlap = "pågick under hela lasttestet"
    else:
        overlap = "blev klar före lasttestets slut (lasttestet gick delvis utan den)"
    seconds = (
        (run.finished_at - run.started_at).total_seconds()
        if done and run.finished_at and run.started_at
        else took
    )
    emit(
        "load.refresh_run",
        [seconds * 1000] if done else None,
        label=f"Den fulla Kolada-uppdateringen (Celery, {rows:,} värden, alla ändrade)",
        note=f"status {run.get_status_display()}"
        + ("" if done else f" efter {took:.0f} s")
        + f"; uppdateringen {overlap}",
        extra={"pages_done": run.pages_done, "load_requests": result.get("n", 0)},
    )


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL (make bench)"
    OUT.mkdir(parents=True, exist_ok=True)
    users = committees()
    env = production_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    web = start([str(BIN / "gunicorn"), "config.wsgi", "--config", "python:config.gunicorn",
                 "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
                env, OUT / "gunicorn.log")  # fmt: skip
    try:
        wait_for_health(url)
        run_locust("plain", "50 användare, bara sidvisningar", url, users)
        with_refresh(url, users, env)
    finally:
        stop(web)


if __name__ == "__main__":
    main()
