"""Thin Celery tasks of the indicators app."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from apps.indicators.reminders import follow_up_reminders_send


@shared_task(time_limit=600, soft_time_limit=540)
def send_follow_up_reminders(day: str = "") -> int:
    """The daily reminders (beat runs it each morning); `day` as YYYY-MM-DD, default today."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return len(follow_up_reminders_send(today=today))
