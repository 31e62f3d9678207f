"""manage.py import_decisions PATH --committee SLUG"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.decisions.services import decisions_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = "Importerar beslutsregistret (CSV eller XLSX); samma referens uppdaterar beslutet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--committee", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        if not options["path"].is_file():
            raise CommandError(f"Filen {options['path']} finns inte.")
        run = import_run_create(
            kind=ImportRun.Kind.DECISIONS,
            trigger=ImportRun.Trigger.COMMAND,
            parameters={"file": str(options["path"])},
            committee=committee,
        )
        run = decisions_import(committee=committee, path=options["path"], run=run)
        self.stdout.write(
            f"Beslutsregister #{run.pk}: {run.created} nya, {run.updated} ändrade, "
            f"{run.unchanged} oförändrade beslut och avbrott"
        )
        for error in run.errors:
            self.stderr.write(f"  fel: {error}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Importen misslyckades; inget ändrades ({len(run.errors)} fel).")
