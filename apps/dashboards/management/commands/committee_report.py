"""manage.py committee_report --committee SLUG [--period P] --format pdf|docx [--output PATH]:
the nämnd's report (the same as the web's) as PDF or Word."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.dashboards.report import report_bytes, report_period_of
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = (
        "Skriv nämndrapporten (sammanfattning, mål, nyckeltal, budget, ej verkställda "
        "beslut) för en period, som PDF eller Word."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--committee", required=True, help="nämndens kortnamn, t.ex. alingsas-von"
        )
        parser.add_argument(
            "--period",
            default="",
            help="rapportperioden: 2025 (bokslut), 2025T2 eller 2025M08 (delår), 2025Q3 "
            "(kvartal); utan den: den senaste perioden med uppgifter",
        )
        parser.add_argument(
            "--format",
            choices=["pdf", "docx"],
            default="pdf",
            help="pdf (standard) eller docx (Word, att skriva vidare i)",
        )
        parser.add_argument("--output", type=Path, help="fil att skriva till (annars standard ut)")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = (
            Committee.objects.select_related("municipality")
            .filter(slug=options["committee"])
            .first()
        )
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        try:
            period = report_period_of(committee, options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        fmt = options["format"]
        data = report_bytes(committee, period, fmt)
        output: Path | None = options["output"]
        if output is None:
            sys.stdout.buffer.write(data)
            return
        output.write_bytes(data)
        self.stdout.write(f"Nämndrapporten ({period.label}, {fmt.upper()}) skriven till {output}")
