"""manage.py evb_purge --committee SLUG [--before YYYY-MM-DD] [--dry-run]

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
        parser.add_argument("--dry-run", action="store_true", help="räkna bara, ta inte bort något")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        try:
            before = date.fromisoformat(options["before"]) if options["before"] else purge_cutoff()
        except ValueError:
            raise CommandError(f"{options['before']!r} är inget datum (ÅÅÅÅ-MM-DD).") from None
        count = decisions_purge(committee=committee, before=before, dry_run=options["dry_run"])
        verb = "Skulle gallra" if options["dry_run"] else "Gallrade"
        self.stdout.write(
            f"{verb} {count} beslut vars alla väntetider (beslutet och varje avbrott) "
            f"slutade före {before}; skickade rapporter behåller sina antal."
        )
