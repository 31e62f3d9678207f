"""manage.py import_ledger PATH --committee SLUG [--mapping NAME]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.budget.services import ledger_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = (
        "Importerar en huvudboksfil (CSV eller XLSX; långt, brett eller med konton, se "
        "docs/ledger.md) för en nämnd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--committee", required=True, help="nämndens kortnamn, t.ex. ale-sn")
        parser.add_argument(
            "--mapping",
            default="",
            help="en sparad kolumnmappning (namnet) för en fil med ekonomisystemets rubriker",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        run = import_run_create(
            kind=ImportRun.Kind.LEDGER, trigger=ImportRun.Trigger.COMMAND,
            parameters={"file": str(path), "mapping": options["mapping"]}, committee=committee,
        )  # fmt: skip
        run = ledger_import(committee=committee, path=path, run=run)
        if options["format"] == "json":
            self.stdout.write(json.dumps({
                "run": run.pk, "status": run.status, "created": run.created,
                "updated": run.updated, "unchanged": run.unchanged,
                "warnings": run.warnings, "errors": run.errors,
            }, ensure_ascii=False))  # fmt: skip
        else:
            self.stdout.write(f"Huvudbok #{run.pk}: {run.summary('ansvar och perioder')}")
            for error in run.errors:
                self.stderr.write(f"  fel: {error}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Importen misslyckades; inget ändrades ({len(run.errors)} fel).")
