"""Stock personas shared by the whole suite."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from apps.organisations.models import Committee, Role
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
