"""The production stack of docker-compose.yml, started natively: gunicorn, a worker and beat.

No Docker engine runs here, so the test takes each service's command from docker-compose.yml
and runs it against the suite's PostgreSQL and Redis with the production settings: health,
a task through the broker, a Kolada refresh run by the real worker (against the fake Kolada
on 127.0.0.1), a follow-up reminder sent by the real worker through SMTP (to a small SMTP
server on 127.0.0.1), beat's heartbeat, and a static file through WhiteNoise.
"""

from __future__ import annotations

import email
import json
import os
import re
import secrets
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml
from django.conf import settings
from django.db import connection

from apps.imports.models import ImportRun
from apps.imports.services import kolada_refresh_committee
from apps.imports.tasks import run_kolada_fetch
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.indicators.tasks import send_follow_up_reminders
from apps.organisations.models import Committee, CommitteeRole, Municipality, Role
from config.celery import app as celery_app
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# One xdist worker runs every stack test (here and in test_worker_killed.py), one after
# another and early: they share the broker's queue (XDIST_GROUPS in tests/conftest.py).
pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL or connection.vendor != "postgresql",
        reason="needs the PostgreSQL and Redis that make test starts",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def compose_command(service: str, port: int) -> list[str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = [str(part) for part in compose["services"][service]["command"]]
    command = [part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in command]
    return [str(BIN / command[0]), *command[1:]]


def database_url() -> str:
    db = connection.settings_dict  # the test database pytest-django created
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough of an SMTP server to receive what Django's SMTP backend sends."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.messages: list[email.message.Message] = []


class SmtpSession(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith(b"DATA"):
                self.wfile.write(b"354 go on\r\n")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                self.server.messages.append(email.message_from_bytes(data))  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif command.startswith(b"QUIT"):
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # EHLO, MAIL FROM, RCPT TO, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    yield sink
    sink.shutdown()
    sink.server_close()


def production_settings_env(static_root: Path) -> dict[str, str]:
    """The production settings against the suite's PostgreSQL and Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


@pytest.fixture
def production_env(static_root: Path, kolada, smtp) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {
        **production_settings_env(static_root),
        "SCHEDULER_HEARTBEAT_SECONDS": "1",
        "KOLADA_BASE_URL": kolada.url,  # the fake Kolada of tests/imports/fake_kolada.py
        "KOLADA_BACKOFF_SECONDS": "0.01",
        "EMAIL_HOST": "127.0.0.1",  # the SMTP sink above; production sends through SMTP
        "EMAIL_PORT": str(smtp.server_address[1]),
        "DEFAULT_FROM_EMAIL": "Nämndkollen <namndkollen@example.se>",
        "SITE_URL": "https://namndkollen.example.se",
    }
    return env


@pytest.fixture
def stack(production_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    processes: dict[str, subprocess.Popen[bytes]] = {}
    logs = {name: tmp_path / f"{name}.log" for name in ("web", "worker", "beat")}
    try:
        for name, log in logs.items():
            processes[name] = subprocess.Popen(
                compose_command(name, port),
                cwd=tmp_path,
                env=production_env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for name, log in logs.items():
            sys.stdout.write(f"\n--- {name} ---\n{log.read_text(errors='replace')[-3000:]}")


def wait_for(check, timeout: float = 45.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except requests.RequestException as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting; last answer: {last!r}")


def committee_refresh_run() -> ImportRun:
    """A committee following one Kolada KPI, and a refresh run for it, left to the worker."""
    municipality = Municipality.objects.create(code="1489", name="Alingsås")
    committee = Committee.objects.create(slug="stack", name="Nämnd", municipality=municipality)
    indicator = Indicator.objects.create(code="U20900", title="U20900", source="kolada")
    CommitteeIndicator.objects.create(committee=committee, indicator=indicator)
    return kolada_refresh_committee(committee=committee, trigger=ImportRun.Trigger.WEB)


def committee_missing_a_figure(committee: Committee) -> None:
    """A controller with an e-mail address and an own quarterly figure not yet entered."""
    controller = UserFactory(username="stack-controller", email="controller@example.se")
    CommitteeRole.objects.create(user=controller, committee=committee, role=Role.CONTROLLER)
    own = Indicator.objects.create(
        code="stack-po", title="Personalomsättning", source="own", committee=committee
    )
    CommitteeIndicator.objects.create(committee=committee, indicator=own)


@pytest.fixture
def real_celery_client() -> Iterator[None]:
    """This process sends through the broker like the web process does in production."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("real_celery_client")
def test_gunicorn_worker_and_beat_serve_health_run_imports_and_keep_the_schedule(
    stack, static_root, smtp
):
    health = wait_for(lambda: (r := requests.get(f"{stack}/health/", timeout=5)).ok and r)
    report = health.json()
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is True
    assert "redis://" in report["broker"]["detail"]

    result = celery_app.send_task("apps.core.tasks.ping")
    assert result.get(timeout=30) == "pong"

    beat_seen = wait_for(
        lambda: requests.get(f"{stack}/health/", timeout=5).json()["scheduler_last_heartbeat"]
    )
    assert beat_seen

    run = committee_refresh_run()
    assert run_kolada_fetch.delay(run.pk).get(timeout=60) == ImportRun.Status.SUCCEEDED
    run.refresh_from_db()
    assert run.created == 3
    assert IndicatorValue.objects.filter(municipality__code="1489", period="2024").exists()

    committee_missing_a_figure(run.committee)
    # 2025Q3's deadline is 2025-10-15: the worker sends the deadline day's reminder by SMTP.
    assert send_follow_up_reminders.delay("2025-10-15").get(timeout=60) == 1
    reminder = wait_for(lambda: smtp.messages and smtp.messages[0])
    assert reminder["To"] == "controller@example.se"
    assert "namndkollen@example.se" in reminder["From"]
    body = reminder.get_payload(decode=True).decode()
    assert "- Värde: Personalomsättning" in body
    assert "https://namndkollen.example.se/namnd/stack/uppfoljning/2025Q3/" in body

    login = requests.get(f"{stack}/logga-in/", timeout=5)
    assert login.status_code == 200
    css_path = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', login.text)
    assert css_path, "the production page links the hashed stylesheet"
    css = requests.get(f"{stack}{css_path.group(1)}", timeout=5)
    assert css.status_code == 200
    assert "max-age=31536000" in css.headers["Cache-Control"]
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    bundle = manifest["paths"]["plotly/plotly-basic.min.js"]
    plotly = requests.get(f"{stack}/static/{bundle}", timeout=5)
    assert plotly.status_code == 200  # plotly.js from the app itself, no CDN
    assert "max-age=31536000" in plotly.headers["Cache-Control"]
    assert b"plotly" in plotly.content[:2000].lower()
