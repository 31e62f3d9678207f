"""factory_boy factories for test set-up."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from apps.organisations.models import (
    Committee,
    CommitteeRole,
    ComparisonGroup,
    Municipality,
    Role,
)

TEST_PASSWORD = "test-lösenord-123"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kind = Municipality.Kind.KOMMUN


class ComparisonGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparisonGroup

    code = factory.Sequence(lambda n: f"G{900000 + n}")
    name = factory.Sequence(lambda n: f"Testgrupp {n}")
    kind = ComparisonGroup.Kind.REGION


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    slug = factory.Sequence(lambda n: f"namnd-{n}")
    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(TEST_PASSWORD)


class CommitteeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeRole

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Role.POLITICIAN
