"""One lifecycle for every import run: started, alive, and always finished.

`import_run` is the context manager every import service runs its two phases in; a run can
never be left "pågår" by an error. `run_start` sends a run's task to the workers, or marks
the run failed with a Swedish message when the broker cannot be reached. `stalled_runs_fail`
(a periodic task) fails the runs whose worker died without a word (SIGKILL, a lost machine).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from apps.imports.models import ImportRun
from apps.imports.uploads import stored_upload_delete

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Internt fel ({kind}); inget ändrades. Försök igen eller kontakta förvaltningen."
TIME_LIMIT = "Importen tog för lång tid och avbröts; inget ändrades."
BROKER_DOWN = (
    "Importen kan inte startas just nu: bakgrundstjänsten (Redis) svarar inte. "
    "Inget ändrades; försök igen om en stund."
)
STALLED = (
    "Importen avbröts: inget livstecken från bakgrundsarbetaren på {minutes} minuter "
    "(den stoppades eller startades om). Inget ändrades; starta importen igen."
)
NEVER_STARTED = (
    "Importen startade aldrig: ingen bakgrundsarbetare tog den på {minutes} minuter. "
    "Inget ändrades; starta importen igen."
)


class RunLifecycle:
    """What the body of `import_run` may call: counts on success, and a heartbeat."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run

    def succeeded(
        self,
        *,
        created: int = 0,
        updated: int = 0,
        unchanged: int = 0,
        withdrawn: int = 0,
        warnings: list[str] | None = None,
    ) -> None:
        """Record the counts (and warnings) of a run that wrote its data."""
        run = self.run
        run.created, run.updated, run.unchanged, run.withdrawn = (
            created,
            updated,
            unchanged,
            withdrawn,
        )
        if warnings:
            run.warnings = [*run.warnings, *warnings]

    def heartbeat(self) -> None:
        """Say the run is alive (the beat thread does this too, once a minute)."""
        ImportRun.objects.filter(pk=self.run.pk).update(heartbeat_at=timezone.now())


@contextmanager
def import_run(
    run: ImportRun, *, expected: tuple[type[BaseException], ...] = ()
) -> Iterator[RunLifecycle]:
    """Run an import's phases; the run always ends "klar" or "misslyckades".

    Usage (the service returns `run` afterwards; nothing escapes the block but
    KeyboardInterrupt/SystemExit, which still mark the run failed first)::

        with import_run(run, expected=(TableFileError,)) as lifecycle:
            rows = read_file(path)                 # phase 1: check everything
            with transaction.atomic():             # phase 2: all or nothing
                created, updated = write(rows)
            lifecycle.succeeded(created=created, updated=updated, warnings=[...])
        return run

    1. On entry the run becomes RUNNING with started_at and heartbeat_at set and saved;
       a thread refreshes heartbeat_at every IMPORT_HEARTBEAT_SECONDS while the block runs.
    2. An exception of a kind in `expected` (a file or payload error) fails the run with
       its messages: `exc.errors` when the exception has that list, else `str(exc)`.
    3. Celery's soft time limit fails the run with TIME_LIMIT; any other Exception fails it
       with INTERNAL_ERROR (naming only the exception's class; details go to the log).
    4. A block that ends normally marks the run SUCCEEDED (counts from `succeeded`).
    5. finished_at is set and the run saved in every case, outside any failed transaction.
    """
    run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
    run.heartbeat_at = run.started_at
    run.save(update_fields=["status", "started_at", "heartbeat_at"])
    lifecycle = RunLifecycle(run)
    stop = _heartbeat_thread(run.pk)
    try:
        yield lifecycle
    except expected as exc:
        errors = getattr(exc, "errors", None)
        _fail(run, list(errors) if isinstance(errors, list) else [str(exc)])
        logger.warning("Import %s misslyckades: %s", run.pk, exc)
    except SoftTimeLimitExceeded:
        _fail(run, [TIME_LIMIT])
        logger.warning("Import %s nådde tidsgränsen", run.pk)
    except Exception as exc:
        _fail(run, [INTERNAL_ERROR.format(kind=type(exc).__name__)])
        logger.exception("Import %s kraschade", run.pk)
    except BaseException:
        _fail(run, [INTERNAL_ERROR.format(kind="avbruten")])
        _finish(run)
        raise
    else:
        run.status = ImportRun.Status.SUCCEEDED
    finally:
        stop.set()
    _finish(run)


def _fail(run: ImportRun, errors: list[str]) -> None:
    run.status = ImportRun.Status.FAILED
    run.errors = [*run.errors, *errors]
    run.created = run.updated = run.unchanged = run.withdrawn = 0


def _finish(run: ImportRun) -> None:
    run.finished_at = timezone.now()
    if connection.in_atomic_block and connection.needs_rollback:
        # Called inside a broken outer transaction (a test, or a caller's atomic block):
        # the run is saved by whoever rolls back; nothing more can be written here.
        logger.error("Import %s: körningen kunde inte sparas i en avbruten transaktion", run.pk)
        return
    try:
        run.save()
    except Exception:  # the database itself is down: the stalled-run task ends it later
        logger.exception("Import %s: körningen kunde inte sparas", run.pk)


def _heartbeat_thread(run_id: int) -> threading.Event:
    stop = threading.Event()
    interval = float(settings.IMPORT_HEARTBEAT_SECONDS)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # a heartbeat is best effort; the stalled-run task is the net
            logger.warning("Import %s: livstecknet kunde inte skrivas", run_id, exc_info=True)
        finally:
            close_old_connections()
            connection.close()

    threading.Thread(target=beat, name=f"import-{run_id}-heartbeat", daemon=True).start()
    return stop


def run_start(run: ImportRun, task: Any, *args: Any) -> bool:
    """Send `task(run.pk, *args)` to the workers, after the run row is committed.

    Return False when the broker cannot be reached: the run is then FAILED with
    BROKER_DOWN (never left "väntar"; an uploaded file it would have read is deleted) and
    the caller shows BROKER_DOWN to the user. Inside an open transaction the task is sent
    on commit (a failure then still fails the run) and True is returned.
    """
    sent: list[bool] = []

    def send() -> None:
        try:
            task.apply_async(
                args=[run.pk, *args],
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
            )
        except Exception:
            logger.warning("Import %s kunde inte skickas till brokern", run.pk, exc_info=True)
            ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PENDING).update(
                status=ImportRun.Status.FAILED, errors=[BROKER_DOWN], finished_at=timezone.now()
            )
            run.refresh_from_db()
            stored_upload_delete(run)  # an upload no worker will read
            sent.append(False)
        else:
            sent.append(True)

    if connection.in_atomic_block:
        transaction.on_commit(send)  # the worker must find the run row committed
        return True
    send()  # autocommit (every request): the run row is already committed
    return sent == [True]


def stalled_runs_fail(*, now: datetime | None = None) -> list[int]:
    """Fail the runs whose worker is gone; return their ids.

    A RUNNING run without a heartbeat for IMPORT_STALLED_MINUTES fails with STALLED; a
    PENDING run no worker took within IMPORT_PENDING_MINUTES fails with NEVER_STARTED.
    A run that ends meanwhile is left alone (the update is conditional on its status).
    """
    now = now or timezone.now()
    quiet = now - timedelta(minutes=settings.IMPORT_STALLED_MINUTES)
    running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=quiet) | Q(heartbeat_at__isnull=True, started_at__lt=quiet)
    )
    pending = ImportRun.objects.filter(
        status=ImportRun.Status.PENDING,
        queued_at__lt=now - timedelta(minutes=settings.IMPORT_PENDING_MINUTES),
    )
    failed: list[int] = []
    for runs, message in (
        (running, STALLED.format(minutes=settings.IMPORT_STALLED_MINUTES)),
        (pending, NEVER_STARTED.format(minutes=settings.IMPORT_PENDING_MINUTES)),
    ):
        for run in runs:
            if ImportRun.objects.filter(pk=run.pk, status=run.status).update(
                status=ImportRun.Status.FAILED, errors=[*run.errors, message], finished_at=now
            ):
                failed.append(run.pk)
    return failed
