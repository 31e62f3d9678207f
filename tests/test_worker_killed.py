"""Imports with the real worker (the docker-compose commands, production settings): one
killed with SIGKILL in the middle of a ledger import leaves no partial data and the task,
acknowledged late, is delivered again to the next worker, which imports the file once; a
ledger uploaded through gunicorn is imported by the worker from the shared storage."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.budget.models import CostCentre, LedgerEntry
from apps.imports.models import ImportRun
from apps.imports.services import upload_store
from apps.imports.tasks import run_uploaded_file
from apps.organisations.models import Committee, CommitteeRole, Municipality, Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.test_production_stack import (  # noqa: F401 (fixtures used by name)
    compose_command,
    free_port,
    production_env,
    pytestmark,
    real_celery_client,
    smtp,
    stack,
    wait_for,
)

HEADER = "typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp"
ACCOUNTS = ["personalkostnader", "lokalkostnader", "material", "kop_av_tjanster"]


def big_ledger(centres: int) -> tuple[bytes, int]:
    """A few seconds of import (192 000 rows for 200 centres): every centre, month, kind and
    account twenty times over, so the kill after 1.5 s lands midway."""
    lines = [HEADER, "budget;2025;1;Nämnden;;kostnader;0"]
    for centre in range(2, centres + 2):
        for month in range(1, 13):
            for kind in ("utfall", "budget"):
                for account in ACCOUNTS:
                    for part in range(20):
                        lines.append(
                            f"{kind};2025-{month:02d};{centre};Enhet {centre};1;{account};"
                            f"-{1000 + part},50"
                        )
    return ("\n".join(lines) + "\n").encode(), centres + 1


@pytest.fixture
def worker_env(production_env, tmp_path, settings):  # type: ignore[no-untyped-def]  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"  # the volume web and worker share
    return {
        **production_env,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }


@pytest.fixture
def start_worker(worker_env, tmp_path) -> Iterator:  # type: ignore[no-untyped-def]
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            compose_command("worker", free_port()),
            cwd=tmp_path,
            env=worker_env,
            stdout=(tmp_path / f"{name}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool dies with it
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def wait_for_status(run: ImportRun, status: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"run {run.pk} is {run.status}, not {status}, after {timeout} s")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("real_celery_client")
def test_a_worker_killed_midway_leaves_nothing_and_the_next_worker_imports_once(
    start_worker, tmp_path
):
    municipality = Municipality.objects.create(code="1489", name="Alingsås")
    committee = Committee.objects.create(slug="kill", name="Nämnd", municipality=municipality)
    data, centres = big_ledger(200)
    run = upload_store(
        committee=committee, upload=SimpleUploadedFile("stor.csv", data), user=None, kind="ledger"
    )
    run_uploaded_file.delay(run.pk)

    first = start_worker("worker-1")
    wait_for_status(run, ImportRun.Status.RUNNING, timeout=60)
    time.sleep(1.5)  # reading and checking the rows, or writing them: midway
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING  # nobody lived to say otherwise
    assert not LedgerEntry.objects.filter(committee=committee).exists()
    assert not CostCentre.objects.filter(committee=committee).exists()

    start_worker("worker-2")
    wait_for_status(run, ImportRun.Status.SUCCEEDED, timeout=120)

    assert CostCentre.objects.filter(committee=committee).count() == centres
    units = centres - 1  # every centre but the top one has 12 months × utfall and budget
    assert LedgerEntry.objects.filter(committee=committee).count() == units * 24 * 4 + 1
    assert (run.created, run.updated) == (units * 24 + 1, 0)
    stored = tmp_path / "media" / run.parameters["stored"]
    deadline = time.monotonic() + 10
    while stored.exists() and time.monotonic() < deadline:  # deleted just after the run ends
        time.sleep(0.05)
    assert not stored.exists()


@pytest.mark.django_db(transaction=True)
def test_a_ledger_uploaded_through_gunicorn_is_imported_by_the_real_worker(stack):  # noqa: F811
    municipality = Municipality.objects.create(code="1489", name="Alingsås")
    committee = Committee.objects.create(slug="upload", name="Nämnd", municipality=municipality)
    # Production checks passwords with PBKDF2 only (the suite's settings hash with MD5).
    controller = UserFactory(username="stack-upload")
    controller.password = PBKDF2PasswordHasher().encode(TEST_PASSWORD, "salt1234")
    controller.save(update_fields=["password"])
    CommitteeRole.objects.create(user=controller, committee=committee, role=Role.CONTROLLER)
    session = requests.Session()
    wait_for(lambda: session.get(f"{stack}/health/", timeout=5).ok)
    login = session.get(f"{stack}/logga-in/", timeout=5)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    assert token
    session.post(
        f"{stack}/logga-in/",
        data={"username": "stack-upload", "password": TEST_PASSWORD,
              "csrfmiddlewaretoken": token.group(1)},
        timeout=10,
    )  # fmt: skip
    data, centres = big_ledger(2)
    form = session.get(f"{stack}/namnd/upload/budget/importera/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token

    response = session.post(
        f"{stack}/namnd/upload/budget/importera/",
        data={"csrfmiddlewaretoken": token.group(1)},
        files={"fil": ("huvudbok.csv", data, "text/csv")},
        timeout=30,
    )

    assert response.status_code == 200
    assert "/importer/" in response.url, response.text[:2000]
    run = ImportRun.objects.get(committee=committee)
    status_url = f"{stack}/namnd/upload/importer/{run.pk}/status/"
    status = wait_for(lambda: (s := session.get(status_url, timeout=5).json())["finished"] and s)
    assert status["status"] == "succeeded", status
    assert CostCentre.objects.filter(committee=committee).count() == centres
