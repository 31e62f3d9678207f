"""manage.py import_kolada: saved Kolada v3 payloads (--file) or a fetch from the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.imports.models import ImportRun
from apps.imports.services import (
    import_run_create,
    kolada_fetch,
    kolada_import_files,
    kolada_refresh_committee,
)
from apps.organisations.models import Committee

USAGE = (
    "Ange antingen --file PATH …, --committee NÄMND [--years FRÅN-TILL] eller --kpi, "
    "--municipality och --years."
)
UNKNOWN_COMMITTEE = "Ingen nämnd har kortnamnet {slug!r}. Nämnderna: {known}."
BAD_YEARS = "--years ska vara FRÅN-TILL, t.ex. 2015-2024."


def parse_years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    try:
        years = [int(first), int(last or first)]
    except ValueError:
        raise CommandError(BAD_YEARS) from None
    if years[0] > years[1] or years[0] < 1900:
        raise CommandError(BAD_YEARS)
    return years


def split_ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Importerar Kolada v3: sparade svar (--file), en nämnds uppdatering (--committee, "
        "samma som knappen och den nattliga körningen) eller en hämtning från "
        "KOLADA_BASE_URL (--kpi, --municipality, --years)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", nargs="+", type=Path, help="Kolada v3-filer eller mappar")
        parser.add_argument(
            "--committee",
            help="nämndens kortnamn (alingsas-von): hämtar det nämndens sidor visar – "
            "nyckeltalen för kommunen, grupperna, GR:s kommuner och riket",
        )
        parser.add_argument("--kpi", help="KPI-id, kommaseparerade (U23401,N20900)")
        parser.add_argument("--municipality", help="kommunkoder eller G-id, kommaseparerade")
        parser.add_argument(
            "--years", help="FRÅN-TILL, t.ex. 2015-2024 (med --committee: de senaste 15 åren)"
        )
        parser.add_argument("--from-date", help="bara ändringar sedan ÅÅÅÅ-MM-DD")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            run = import_run_create(
                kind=ImportRun.Kind.KOLADA_FILE,
                trigger=ImportRun.Trigger.COMMAND,
                parameters={"files": [str(p) for p in options["file"]]},
            )
            run = kolada_import_files(run=run, paths=options["file"])
        elif options["committee"]:
            committee = Committee.objects.filter(slug=options["committee"]).first()
            if committee is None:
                known = ", ".join(Committee.objects.values_list("slug", flat=True)) or "inga"
                raise CommandError(UNKNOWN_COMMITTEE.format(slug=options["committee"], known=known))
            years = parse_years(options["years"]) if options["years"] else None
            run = kolada_refresh_committee(
                committee=committee,
                trigger=ImportRun.Trigger.COMMAND,
                year_range=(years[0], years[1]) if years else None,
            )
            if run.status == ImportRun.Status.PENDING:
                run = kolada_fetch(run=run)
        elif options["kpi"] and options["municipality"] and options["years"]:
            run = import_run_create(
                kind=ImportRun.Kind.KOLADA_API,
                trigger=ImportRun.Trigger.COMMAND,
                parameters={
                    "kpis": split_ids(options["kpi"]),
                    "units": split_ids(options["municipality"]),
                    "years": parse_years(options["years"]),
                    "from_date": options["from_date"],
                },
            )
            run = kolada_fetch(run=run)
        else:
            raise CommandError(USAGE)
        self._report(run, options["format"])

    def _report(self, run: ImportRun, output: str) -> None:
        if output == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "run": run.pk,
                        "status": run.status,
                        "created": run.created,
                        "updated": run.updated,
                        "unchanged": run.unchanged,
                        "withdrawn": run.withdrawn,
                        "metadata": run.metadata_counts,
                        "seconds": (
                            round((run.finished_at - run.started_at).total_seconds(), 3)
                            if run.started_at and run.finished_at
                            else None
                        ),
                        "warnings": run.warnings,
                        "errors": run.errors,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(f"Import #{run.pk}: {run.summary()}")
            for warning in run.warnings[:20]:
                self.stderr.write(f"  varning: {warning}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Import #{run.pk} misslyckades; inga data ändrades.")
