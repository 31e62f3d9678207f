"""manage.py import_investments PATH --committee SLUG"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.budget.services import investments_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = (
        "Importerar investeringar (typ;ar;projekt;projekt_namn;belopp, CSV eller XLSX) för en "
        "nämnd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--committee", required=True, help="nämndens kortnamn, t.ex. ale-sn")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        run = import_run_create(
            kind=ImportRun.Kind.INVESTMENTS, trigger=ImportRun.Trigger.COMMAND,
            parameters={"file": str(path), "investments": True}, committee=committee,
        )  # fmt: skip
        run = investments_import(committee=committee, path=path, run=run)
        self.stdout.write(f"Investeringar #{run.pk}: {run.summary('projekt och år')}")
        for error in run.errors:
            self.stderr.write(f"  fel: {error}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Importen misslyckades; inget ändrades ({len(run.errors)} fel).")
