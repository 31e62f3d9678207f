"""manage.py committee_report --committee SLUG [--output FILE]: the nämnd's report as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.exports import write_export
from apps.dashboards.report import committee_report_pdf
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = "Skriv nämndrapporten (mål, nyckeltal, budget, ej verkställda beslut) som PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--committee", required=True, help="nämndens kortnamn, t.ex. alingsas-von"
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
        write_export(
            self.stdout,
            committee_report_pdf(committee),
            "pdf",
            options["output"],
            "Nämndrapporten skriven",
        )
