"""Stock personas shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from apps.organisations.models import Committee, Role
from tests import demo as demo_data
from tests.factories import CommitteeFactory, CommitteeRoleFactory, UserFactory


@dataclass(frozen=True)
class Personas:
    """Committee A and B, and the people who use them."""

    committee_a: Committee
    committee_b: Committee
    controller_a: User
    politician_a: User
    rapportor_a: User
    controller_b: User
    outsider: User
    admin: User

    def user(self, name: str) -> User | None:
        """A persona by name; "anonymous" is nobody."""
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = [
    "controller_a",
    "politician_a",
    "rapportor_a",
    "controller_b",
    "outsider",
    "admin",
    "anonymous",
]


# make test runs the suite on xdist workers, one more than the cores (--dist loadgroup).
# Each group's tests run on one worker, one after another, and the groups are handed out
# first (the biggest work units first): the walk shares one module-scoped walk of every
# page; the stack tests share the broker's queue (a worker started by one test would take
# another's tasks).
XDIST_GROUPS = {
    "tests/browser/test_walk.py": "walk",
    "tests/test_production_stack.py": "stack",
    "tests/test_worker_killed.py": "stack",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):  # type: ignore[no-untyped-def]
    """--dist loadgroup with the groups above (xdist 3.8 cannot tag pytest 9's node ids with
    their xdist_group mark, so the groups are named here, by file)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return XDIST_GROUPS.get(nodeid.split("::", 1)[0]) or super()._split_scope(nodeid)

    return Scheduling(config, log)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """make test migrates one PostgreSQL database before pytest starts and names it in
    TEST_DATABASE_TEMPLATE (scripts/test.sh): each worker's test database is then created as
    a copy of it (CREATE DATABASE ... TEMPLATE), and Django's migrate finds nothing to do
    there instead of running every migration once per worker."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    template = os.environ.get("TEST_DATABASE_TEMPLATE")
    if template and "postgresql" in database["ENGINE"]:
        database.setdefault("TEST", {})["TEMPLATE"] = template


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The test database as pytest-django creates it; its empty state is noted so that the
    demo (tests/demo.py) is loaded by its command once per session and copied back after."""
    with django_db_blocker.unblock():
        demo_data.record_empty_state()


@pytest.fixture
def demo(db: None) -> None:
    """The demo data (`manage.py load_demo`), loaded once per session and copied back."""
    demo_data.load_demo()


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache (the overview is cached between changes)."""
    cache.clear()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """collectstatic with the production settings (some 20 s: hashed names, gzip and Brotli),
    once per process for every stack test (tests/test_production_stack.py and
    tests/test_worker_killed.py); the stack only reads the files."""
    from tests.test_production_stack import ROOT, production_settings_env

    folder = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_settings_env(folder),
        check=True,
        timeout=180,
    )
    return folder


@pytest.fixture
def personas(db: None) -> Personas:
    committee_a = CommitteeFactory(slug="namnd-a", name="Vård- och omsorgsnämnden A")
    committee_b = CommitteeFactory(slug="namnd-b", name="Socialnämnden B")

    def with_role(username: str, committee: Committee, role: Role) -> User:
        user = UserFactory(username=username)
        CommitteeRoleFactory(user=user, committee=committee, role=role)
        return user

    return Personas(
        committee_a=committee_a,
        committee_b=committee_b,
        controller_a=with_role("controller-a", committee_a, Role.CONTROLLER),
        politician_a=with_role("politiker-a", committee_a, Role.POLITICIAN),
        rapportor_a=with_role("rapportor-a", committee_a, Role.RAPPORTOR),
        controller_b=with_role("controller-b", committee_b, Role.CONTROLLER),
        outsider=UserFactory(username="utomstaende"),
        admin=UserFactory(username="admin", is_staff=True, is_superuser=True),
    )


@pytest.fixture
def client_for(personas: Personas):
    """A test client logged in as the named persona (or anonymous)."""

    def make(name: str) -> Client:
        client = Client()
        user = personas.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def import_files(db: None):
    """Run a Kolada file import of the given paths and return its ImportRun."""
    from apps.imports.models import ImportRun
    from apps.imports.services import import_run_create, kolada_import_files

    def run(*paths):  # type: ignore[no-untyped-def]
        created = import_run_create(
            kind=ImportRun.Kind.KOLADA_FILE, trigger=ImportRun.Trigger.COMMAND, parameters={}
        )
        return kolada_import_files(run=created, paths=list(paths))

    return run


def recorded(name: str) -> list[dict]:
    """The rows of a Kolada v3 payload under tests/imports/kolada_v3."""
    import json

    from tests.imports.payloads import PAYLOADS

    return json.loads((PAYLOADS / name).read_text())["values"]


@pytest.fixture
def kolada(settings):  # type: ignore[no-untyped-def]
    """A fake Kolada v3 server with the recorded payloads, and the settings pointing at it."""
    from tests.imports.fake_kolada import FakeKolada, running

    fake = FakeKolada(
        kpis={row["id"]: row for row in recorded("kpi.json")},
        municipalities={row["id"]: row for row in recorded("municipality.json")},
        groups={row["id"]: row for row in recorded("municipality_groups.json")},
        data=[{**row, "changed": "2025-01-01"} for row in recorded("data_U20900_U23401.json")],
        page_size=3,
    )
    with running(fake):
        settings.KOLADA_BASE_URL = fake.url
        settings.KOLADA_BACKOFF_SECONDS = 0.01
        settings.KOLADA_REQUESTS_PER_SECOND = 1000
        yield fake
