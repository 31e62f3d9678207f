"""manage.py evb_purge --committee SLUG [--before YYYY-MM-DD]

Removes the register rows whose every waiting episode ended before the date (default: five
years before today). Sent reports keep their rows and counts, without identity."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.decisions.services import decisions_purge, purge_cutoff
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = "Gallrar beslut ur registret vars alla väntetider slutade före datumet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--before", help="ÅÅÅÅ-MM-DD (standard: fem år före i dag)")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        try:
            before = date.fromisoformat(options["before"]) if options["before"] else purge_cutoff()
        except ValueError:
            raise CommandError(f"{options['before']!r} är inget datum (ÅÅÅÅ-MM-DD).") from None
        removed = decisions_purge(committee=committee, before=before)
        self.stdout.write(f"Gallrade {removed} beslut som avslutades före {before}.")
