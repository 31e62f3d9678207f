"""manage.py send_reminders [--date YYYY-MM-DD] [--format json]: the follow-up reminders
that are due (the same service the daily Celery beat task calls)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from apps.indicators.reminders import follow_up_reminders_send


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} är inget datum (skriv ÅÅÅÅ-MM-DD)") from None


class Command(BaseCommand):
    help = "Skickar påminnelser om uppföljningsperioder vars sista dag närmar sig eller är i dag."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=iso_day,
            default=None,
            help="dagen att räkna från, ÅÅÅÅ-MM-DD (standard: i dag)",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="json: bara JSON på stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        sent = follow_up_reminders_send(today=today)
        if options["format"] == "json":
            rows = [
                {
                    "committee": r.committee.slug,
                    "period": r.period,
                    "to": r.user.email,
                    "missing": r.items,
                }
                for r in sent
            ]
            self.stdout.write(json.dumps({"date": today.isoformat(), "sent": rows}))
            return
        periods = sorted({f"{r.committee.slug} {r.period}" for r in sent})
        self.stdout.write(
            f"{len(sent)} påminnelser skickade {today:%Y-%m-%d}"
            + (f" ({', '.join(periods)})" if periods else "")
        )
