"""Deadlines you can act on: reminders before the deadline and on it (through Django's
locmem e-mail backend), listing exactly what is missing, to the right people; the overdue
mark on the overview for controllers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.indicators.follow_up import recent_periods
from apps.indicators.models import (
    CommitteeIndicator,
    FollowUpPeriod,
    Goal,
    Indicator,
    IndicatorValue,
)
from apps.indicators.tasks import send_follow_up_reminders
from apps.organisations.models import Role
from tests.factories import CommitteeRoleFactory, UserFactory


@pytest.fixture
def committee(personas, settings):
    """Committee A's 2025Q3 (deadline 2025-10-15, reminders five days before): turnover
    owned by a second controller and missing, the count filled in, a yearly survey not due,
    and a goal without assessment."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.FOLLOW_UP_REMINDER_DAYS = 5
    committee = personas.committee_a
    owner = UserFactory(username="agare-a", email="agare@example.se")
    CommitteeRoleFactory(user=owner, committee=committee, role=Role.CONTROLLER)
    for user in (personas.controller_a, personas.politician_a, personas.controller_b):
        user.email = f"{user.username}@example.se"
        user.save()
    specs = [
        ("a-po", "Personalomsättning", "quarter", "", owner),
        ("a-dv", "Till arbete", "quarter", "", None),
        ("a-percci", "PERCCI-enkäten", "year", "Q4", None),
    ]
    for order, (code, title, frequency, due_in, who) in enumerate(specs):
        indicator = Indicator.objects.create(
            code=code,
            title=title,
            source="own",
            unit="antal",
            committee=committee,
            frequency=frequency,
            due_in=due_in,
            owner=who,
        )
        CommitteeIndicator.objects.create(committee=committee, indicator=indicator, order=order)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="a-dv"),
        municipality=committee.municipality,
        period="2025Q3",
        value=2,
        source="own",
    )
    Goal.objects.create(committee=committee, title="Fler i arbete", first_year=2025, last_year=2025)
    return committee


def sent() -> dict[str, list[str]]:
    """Recipient → the lines of the list of what is missing."""
    return {
        message.to[0]: [line[2:] for line in message.body.splitlines() if line.startswith("- ")]
        for message in mail.outbox
    }


def test_before_the_deadline_owners_get_their_figures_and_controllers_the_rest(committee):
    assert send_follow_up_reminders.delay("2025-10-10").get() == 2

    assert sent() == {
        # the owner's own figure, and (a controller too) what nobody owns
        "agare@example.se": ["Värde: Personalomsättning", "Bedömning och analys: Fler i arbete"],
        # not the owned figure: that is its owner's until the deadline
        "controller-a@example.se": ["Bedömning och analys: Fler i arbete"],
    }
    message = mail.outbox[0]
    assert "sista dag 2025-10-15" in message.subject
    assert "om 5 dagar" in message.body
    assert "/namnd/namnd-a/uppfoljning/2025Q3/" in message.body


def test_on_the_deadline_every_controller_gets_everything_that_is_missing(committee):
    call_command("send_reminders", "--date", "2025-10-15")

    assert sent() == {
        "agare@example.se": ["Värde: Personalomsättning", "Bedömning och analys: Fler i arbete"],
        "controller-a@example.se": [
            "Värde: Personalomsättning",
            "Bedömning och analys: Fler i arbete",
        ],
    }
    assert all("sista dag i dag" in message.subject for message in mail.outbox)
    assert "politiker-a@example.se" not in sent()  # politicians are not asked
    assert "controller-b@example.se" not in sent()  # nor another committee's controller


def test_no_reminder_between_the_days_twice_on_a_day_or_for_a_ready_period(committee, capsys):
    call_command("send_reminders", "--date", "2025-10-11")
    call_command("send_reminders", "--date", "2025-10-10")
    call_command("send_reminders", "--date", "2025-10-10", "--format", "json")
    assert len(mail.outbox) == 2  # the 10th's two mails, once
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["sent"] == []

    FollowUpPeriod.objects.filter(committee=committee, period="2025Q3").update(status="ready")
    call_command("send_reminders", "--date", "2025-10-15")
    assert len(mail.outbox) == 2


def test_a_draft_counts_as_filled_in_and_the_reminder_lists_only_the_rest(committee, client_for):
    po = Indicator.objects.get(code="a-po").pk
    client_for("controller_a").post(
        "/namnd/namnd-a/uppfoljning/2025Q3/",
        {f"v_{po}_2025Q3_T": "4", f"v_{Indicator.objects.get(code='a-dv').pk}_2025Q3_T": "2"},
    )

    call_command("send_reminders", "--date", "2025-10-15")

    assert sent() == {
        "agare@example.se": ["Bedömning och analys: Fler i arbete"],  # a controller too
        "controller-a@example.se": ["Bedömning och analys: Fler i arbete"],
    }


def test_the_overview_marks_an_overdue_period_for_controllers_only(committee, client_for):
    today = timezone.localdate()
    last_quarter = next(p for p in recent_periods(today) if "Q" in p)
    FollowUpPeriod.objects.create(
        committee=committee, period=last_quarter, deadline=today - timedelta(days=1)
    )
    mark = f"Försenad – sista dag var {today - timedelta(days=1):%Y-%m-%d}"

    for_controller = client_for("controller_a").get("/namnd/namnd-a/").content.decode()
    for_politician = client_for("politician_a").get("/namnd/namnd-a/").content.decode()

    assert "Uppföljningen är försenad" in for_controller
    assert mark in for_controller
    assert "Uppföljningen är försenad" not in for_politician
