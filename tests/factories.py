"""factory_boy factories for test set-up."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from apps.budget.models import CostCentre, LedgerEntry
from apps.decisions.models import Decision
from apps.indicators.models import (
    CommitteeIndicator,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
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


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A Kolada indicator by default; `source="own", committee=...` for a committee's own."""

    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"N{90000 + n}")
    title = factory.Sequence(lambda n: f"Testnyckeltal {n}")
    source = Indicator.Source.KOLADA


class CommitteeIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeIndicator

    committee = factory.SubFactory(CommitteeFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    order = factory.Sequence(lambda n: n)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A yearly total for a municipality (pass `group=` and `municipality=None` for a group)."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    period = "2024"
    gender = IndicatorValue.Gender.TOTAL
    value = 50.0
    source = factory.LazyAttribute(lambda value: value.indicator.source)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")
    first_year = 2024
    last_year = 2026


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(GoalFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    direction = "at_least"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    goal_indicator = factory.SubFactory(GoalIndicatorFactory)
    year = 2025
    value = 50.0


class DecisionFactory(factory.django.DjangoModelFactory):
    """A SoL decision on hemtjänst, not yet carried out (pass dates, law and service)."""

    class Meta:
        model = Decision

    committee = factory.SubFactory(CommitteeFactory)
    reference = factory.Sequence(lambda n: f"SN-{n}")
    law = "SoL"
    legal_basis = "sol_2025_11_1"  # the new Socialtjänstlag, for decisions from 2025-07-01
    service = "hemtjanst"
    decided = datetime.date(2025, 8, 1)
    gender = "K"


class CostCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCentre

    committee = factory.SubFactory(CommitteeFactory)
    code = factory.Sequence(lambda n: f"{1000 + n}")
    name = factory.Sequence(lambda n: f"Enhet {n}")


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """One ledger row. The budget page reads the monthly summaries the ledger import writes:
    tests of the page import a ledger file; these rows are for tests of the rows themselves."""

    class Meta:
        model = LedgerEntry

    cost_centre = factory.SubFactory(CostCentreFactory)
    committee = factory.SelfAttribute("cost_centre.committee")
    kind = LedgerEntry.Kind.OUTCOME
    year = 2025
    month = 1
    account = "personalkostnader"
    is_revenue = False
    amount = Decimal("-1000.00")


def ready_own_value(committee: Committee, indicator: Indicator, period: str, value: float) -> None:
    """The committee's own figure for the period, with the period marked ready (what a
    controller's entry becomes once ready: readers see it)."""
    IndicatorValue.objects.create(
        indicator=indicator, municipality=committee.municipality, period=period,
        gender="T", value=value, source=IndicatorValue.Source.OWN,
    )  # fmt: skip
    FollowUpPeriod.objects.update_or_create(
        committee=committee, period=period,
        defaults={"status": "ready", "marked_ready_at": timezone.now()},
    )  # fmt: skip
