"""Checks behind /health/: the database and the broker, each reported on its own. A part
that is down is named in Swedish; the exception (with host names or passwords) goes only
to the log."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from kombu import Connection

from apps.core.models import Heartbeat

logger = logging.getLogger(__name__)

DATABASE_DOWN = "databasen (PostgreSQL) svarar inte"
BROKER_DOWN = "brokern (Redis) svarar inte"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down"; the details go to the log only
        logger.exception("Hälsokontroll: databasen svarar inte")
        return CheckResult(ok=False, detail=DATABASE_DOWN)
    return CheckResult(ok=True, detail=connection.vendor)


def check_broker() -> CheckResult:
    url = settings.CELERY_BROKER_URL
    if not url:
        return CheckResult(ok=True, detail="ingen broker: uppgifter körs direkt (eager)")
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=0)
            uri = conn.as_uri()  # the password, if any, is masked
    except Exception:  # kombu raises many kinds; all mean "unreachable"
        logger.warning("Hälsokontroll: brokern svarar inte", exc_info=True)
        return CheckResult(ok=False, detail=BROKER_DOWN)
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
