"""manage.py export_budget --committee SLUG --year YYYY [--month M] --format json|csv|xlsx"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.budget.selectors import EXPORT_FIELDS, budget_export_rows, export_headings
from apps.core.exports import render_rows, write_export
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = "Exporterar budget, utfall och prognos per ansvar (hittills i år) i kronor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        rows = budget_export_rows(committee, options["year"], options["month"])
        data = render_rows(rows, EXPORT_FIELDS, options["format"], export_headings("kr"))
        write_export(
            self.stdout, data, options["format"], options["output"], f"{len(rows)} ansvar skrivna"
        )
