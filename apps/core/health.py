"""Checks behind /health/: the database and the broker, each reported on its own."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from kombu import Connection

from apps.core.models import Heartbeat


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the text says which
        return CheckResult(ok=False, detail=f"{type(exc).__name__}: {exc}")
    return CheckResult(ok=True, detail=connection.vendor)


def check_broker() -> CheckResult:
    url = settings.CELERY_BROKER_URL
    if not url:
        return CheckResult(ok=True, detail="ingen broker: uppgifter körs direkt (eager)")
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=0)
            uri = conn.as_uri()  # the password, if any, is masked
    except Exception as exc:  # kombu raises many kinds; all mean "unreachable"
        return CheckResult(ok=False, detail=f"{type(exc).__name__}: {exc}")
    return CheckResult(ok=True, detail=uri)


def scheduler_last_seen() -> str | None:
    heartbeat = Heartbeat.objects.filter(name="beat").first()
    return heartbeat.seen_at.isoformat() if heartbeat else None


def health_report() -> tuple[bool, dict[str, object]]:
    """Return (healthy, report). The scheduler's heartbeat is reported, not required."""
    database = check_database()
    broker = check_broker()
    healthy = database.ok and broker.ok
    report: dict[str, object] = {
        "status": "ok" if healthy else "fel",
        "database": asdict(database),
        "broker": asdict(broker),
    }
    if database.ok:
        report["scheduler_last_heartbeat"] = scheduler_last_seen()
    return healthy, report
