"""Reminder e-mails for follow-up periods: a number of days before the deadline, and on it.

Who gets what: before the deadline, each owner of a missing figure gets the list of their
own missing figures, and the committee's controllers what has no owner (goal assessments,
figures nobody owns). On the deadline every controller gets the whole list (and owners
theirs). A period marked ready, or with nothing missing, sends nothing; a period is
reminded at most once a day, however often the task runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from apps.core.periods import period_label
from apps.indicators.follow_up import controllers_of, follow_up_periods, follow_up_sheet
from apps.indicators.models import FollowUpPeriod
from apps.organisations.models import Committee


@dataclass(frozen=True)
class Reminder:
    committee: Committee
    period: str
    deadline: date
    user: User
    items: list[str]
    sent_on: date

    @property
    def on_deadline(self) -> bool:
        return self.sent_on == self.deadline

    @property
    def subject(self) -> str:
        when = "i dag" if self.on_deadline else f"{self.deadline:%Y-%m-%d}"
        return (
            f"Påminnelse: uppföljningen {period_label(self.period)} för "
            f"{self.committee.name} – sista dag {when}"
        )

    @property
    def body(self) -> str:
        url = settings.SITE_URL.rstrip("/") + reverse(
            "indicators:follow_up", args=[self.committee.slug, self.period]
        )
        when = "i dag" if self.on_deadline else f"om {(self.deadline - self.sent_on).days} dagar"
        lines = [
            "Hej!",
            "",
            f"Uppföljningen {period_label(self.period)} för {self.committee.name}, "
            f"{self.committee.municipality.name}, ska vara klar {when}"
            f" (sista dag {self.deadline:%Y-%m-%d}). Det här saknas:",
            "",
            *[f"- {item}" for item in self.items],
            "",
            f"Fyll i och markera perioden som klar på {url}",
            "",
            "/Nämndkollen",
        ]
        return "\n".join(lines)


def reminders_due(*, today: date) -> list[Reminder]:
    """The reminders to send today, one per person and period."""
    days_before = settings.FOLLOW_UP_REMINDER_DAYS
    reminders = []
    for committee in Committee.objects.select_related("municipality"):
        stored = {f.period: f for f in FollowUpPeriod.objects.filter(committee=committee)}
        # periods ending before the first reminder day are the candidates
        for period in follow_up_periods(committee, today + timedelta(days=days_before)):
            follow_up = stored.get(period) or FollowUpPeriod(committee=committee, period=period)
            deadline = follow_up.effective_deadline()
            if follow_up.is_ready or follow_up.last_reminder_on == today:
                continue
            if today not in {deadline - timedelta(days=days_before), deadline}:
                continue
            missing = follow_up_sheet(committee, period).missing_by_owner()
            if missing:
                reminders += _per_person(committee, period, deadline, missing, today)
    return reminders


def _per_person(
    committee: Committee,
    period: str,
    deadline: date,
    missing: dict[int | None, list[str]],
    today: date,
) -> list[Reminder]:
    everything = [item for items in missing.values() for item in items]
    items: dict[User, list[str]] = {}
    owners = User.objects.filter(pk__in=[pk for pk in missing if pk], is_active=True)
    for owner in owners:
        items[owner] = list(missing[owner.pk])
    for controller in controllers_of(committee):
        wanted = everything if today == deadline else missing.get(None, [])
        mine = items.setdefault(controller, [])
        mine += [item for item in wanted if item not in mine]
    return [
        Reminder(committee, period, deadline, user, sorted(found, key=everything.index), today)
        for user, found in items.items()
        if found and user.email
    ]


@transaction.atomic
def follow_up_reminders_send(*, today: date) -> list[Reminder]:
    """Send today's reminders through Django's e-mail backend and note each period as
    reminded today."""
    reminders = reminders_due(today=today)
    messages = [EmailMessage(r.subject, r.body, to=[r.user.email]) for r in reminders]
    if messages:
        get_connection().send_messages(messages)
    for committee, period in {(r.committee, r.period) for r in reminders}:
        follow_up, _ = FollowUpPeriod.objects.get_or_create(committee=committee, period=period)
        follow_up.last_reminder_on = today
        follow_up.save(update_fields=["last_reminder_on"])
    return reminders
