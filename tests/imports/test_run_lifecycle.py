"""Every import run ends: any error fails it with a message, a run whose worker died is
failed by the periodic task, a broker that is down is said in Swedish and leaves no run
waiting, and import tasks are acknowledged late and safe to deliver twice."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.budget.models import CostCentre, LedgerEntry
from apps.imports.lifecycle import BROKER_DOWN, import_run, stalled_runs_fail
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create, upload_store
from apps.imports.tasks import (
    fail_stalled_runs,
    run_kolada_fetch,
    run_kolada_files,
    run_uploaded_file,
)
from apps.indicators.models import CommitteeIndicator, Indicator
from config.celery import app
from tests.budget.test_import_ledger import ROWS, write_csv


def new_run(committee=None, kind: str = "ledger", **fields) -> ImportRun:  # type: ignore[no-untyped-def]
    run = import_run_create(kind=kind, trigger="command", parameters={}, committee=committee)
    if fields:
        ImportRun.objects.filter(pk=run.pk).update(**fields)
        run.refresh_from_db()
    return run


def test_an_unexpected_error_fails_the_run_with_a_message_never_leaving_it_running(personas):
    run = new_run(personas.committee_b)

    with import_run(run):
        raise RuntimeError("hemligt: postgres://user:pw@host")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.errors == [
        "Internt fel (RuntimeError); inget ändrades. Försök igen eller kontakta förvaltningen."
    ]
    assert run.finished_at is not None


def test_a_database_error_in_phase_2_rolls_back_and_fails_the_run(personas):
    run = new_run(personas.committee_b)

    with import_run(run), transaction.atomic():
        CostCentre.objects.create(committee=personas.committee_b, code="1", name="Hemtjänst")
        CostCentre.objects.create(committee=personas.committee_b, code="x" * 31, name="För lång")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "DataError" in run.errors[0]
    assert not CostCentre.objects.exists()


def test_an_expected_error_gives_its_own_messages(personas):
    from apps.core.table_files import TableFileError

    run = new_run(personas.committee_b)

    with import_run(run, expected=(TableFileError,)):
        raise TableFileError(["fil a.csv, rad 2, kolumn 'belopp': fel"])

    run.refresh_from_db()
    assert (run.status, run.errors) == ("failed", ["fil a.csv, rad 2, kolumn 'belopp': fel"])


def test_the_soft_time_limit_fails_the_run_with_a_message(personas):
    run = new_run(personas.committee_b)

    with import_run(run):
        raise SoftTimeLimitExceeded()

    run.refresh_from_db()
    assert run.errors == ["Importen tog för lång tid och avbröts; inget ändrades."]


def test_an_interrupt_fails_the_run_and_is_not_swallowed(personas):
    run = new_run(personas.committee_b)

    with pytest.raises(KeyboardInterrupt), import_run(run):
        raise KeyboardInterrupt

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED


def test_a_block_that_ends_normally_succeeds_with_its_counts(personas):
    run = new_run(personas.committee_b)

    with import_run(run) as lifecycle:
        lifecycle.succeeded(created=2, unchanged=1, warnings=["en varning"])

    run.refresh_from_db()
    assert (run.status, run.created, run.unchanged, run.warnings) == (
        "succeeded", 2, 1, ["en varning"],
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_running_import_writes_a_heartbeat_from_its_own_thread(personas, settings):
    settings.IMPORT_HEARTBEAT_SECONDS = 0.05
    run = new_run(personas.committee_b)

    with import_run(run):
        first = ImportRun.objects.get(pk=run.pk).heartbeat_at
        time.sleep(0.4)
        later = ImportRun.objects.get(pk=run.pk).heartbeat_at

    assert first is not None
    assert later > first


def test_runs_without_a_heartbeat_are_failed_by_the_periodic_task(personas):
    now = timezone.now()
    dead = new_run(personas.committee_b, status="running", started_at=now - timedelta(hours=1),
                   heartbeat_at=now - timedelta(minutes=11))  # fmt: skip
    alive = new_run(personas.committee_b, status="running", started_at=now - timedelta(hours=1),
                    heartbeat_at=now - timedelta(minutes=1))  # fmt: skip
    lost = new_run(personas.committee_b, status="pending", queued_at=now - timedelta(days=2))
    waiting = new_run(personas.committee_b, status="pending", queued_at=now - timedelta(hours=1))

    assert sorted(fail_stalled_runs.delay().get()) == sorted([dead.pk, lost.pk])

    statuses = dict(ImportRun.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "running", lost.pk: "failed",
                        waiting.pk: "pending"}  # fmt: skip
    dead.refresh_from_db()
    assert dead.errors == [
        "Importen avbröts: inget livstecken från bakgrundsarbetaren på 10 minuter (den "
        "stoppades eller startades om). Inget ändrades; starta importen igen."
    ]
    assert stalled_runs_fail() == []  # a second pass finds nothing more


def test_the_periodic_task_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "apps.imports.tasks.fail_stalled_runs" in tasks


def test_import_tasks_are_acknowledged_late_and_redelivered_when_the_worker_dies():
    for task in (run_kolada_fetch, run_kolada_files, run_uploaded_file):
        assert task.acks_late, task.name
        assert task.reject_on_worker_lost, task.name


def test_a_task_delivered_again_for_a_finished_run_changes_nothing(personas, tmp_path):
    stored = write_csv(tmp_path, ROWS)
    run = new_run(personas.committee_b, status="succeeded")
    ImportRun.objects.filter(pk=run.pk).update(parameters={"file": "a.csv", "stored": str(stored)})

    assert run_uploaded_file.delay(run.pk).get() == "succeeded"

    assert not LedgerEntry.objects.exists()
    assert not stored.exists()


def test_a_task_delivered_again_after_its_worker_died_imports_once(personas, tmp_path):
    first = write_csv(tmp_path, ROWS, name="first.csv")
    again = write_csv(tmp_path, ROWS, name="again.csv")
    run = new_run(personas.committee_b, status="running", started_at=timezone.now())
    ImportRun.objects.filter(pk=run.pk).update(parameters={"file": "h.csv", "stored": str(first)})
    run_uploaded_file.delay(run.pk).get()
    entries = sorted(LedgerEntry.objects.values_list("cost_centre__code", "account", "amount"))
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", parameters={"file": "h.csv", "stored": str(again)}
    )

    assert run_uploaded_file.delay(run.pk).get() == "succeeded"

    assert sorted(LedgerEntry.objects.values_list("cost_centre__code", "account", "amount")) == (
        entries
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def broker_down():  # type: ignore[no-untyped-def]
    """Celery sends to a real Redis address where nothing listens (as when Redis is down)."""
    names = ("task_always_eager", "broker_url", "broker_write_url", "broker_read_url")
    saved = {name: app.conf[name] for name in names}
    dead = f"redis://127.0.0.1:{_closed_port()}/0"
    app.conf.update(
        task_always_eager=False, broker_url=dead, broker_write_url=dead, broker_read_url=dead
    )
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_starting_a_kolada_refresh_with_redis_down_says_so_and_leaves_no_run_waiting(
    client_for, personas, broker_down
):
    indicator = Indicator.objects.create(code="U20900", title="Effektivitetsindex", source="kolada")
    CommitteeIndicator.objects.create(committee=personas.committee_a, indicator=indicator)

    started = time.monotonic()
    response = client_for("controller_a").post(
        reverse("imports:start", args=["namnd-a"]), follow=True
    )

    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert BROKER_DOWN in response.content.decode()
    run = ImportRun.objects.get()
    assert (run.status, run.errors) == ("failed", [BROKER_DOWN])


@pytest.mark.django_db(transaction=True)
def test_uploading_a_ledger_with_redis_down_says_so_and_keeps_no_file(
    client_for, personas, broker_down
):
    upload = SimpleUploadedFile("huvudbok.csv", b"typ;period\n", content_type="text/csv")

    response = client_for("controller_a").post(
        reverse("budget:upload", args=["namnd-a"]), {"fil": upload}, follow=True
    )

    assert BROKER_DOWN in response.content.decode()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert not default_storage.exists(run.parameters["stored"])


def test_the_upload_store_keeps_the_file_until_the_run_reads_it(personas):
    upload = SimpleUploadedFile("h.csv", b"x")

    run = upload_store(committee=personas.committee_a, upload=upload, user=None, kind="ledger")

    with default_storage.open(run.parameters["stored"]) as stored:
        assert stored.read() == b"x"
    default_storage.delete(run.parameters["stored"])
