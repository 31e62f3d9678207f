"""manage.py export_indicator --kpi ID [--municipality CODE …] --format json|csv|xlsx"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.exports import render_rows, write_export
from apps.indicators.models import Indicator
from apps.indicators.selectors import EXPORT_FIELDS, EXPORT_HEADINGS, indicator_export_rows

UNKNOWN_KPI = "Nyckeltalet {kpi} finns inte. Importera det först (import_kolada)."


class Command(BaseCommand):
    help = "Exporterar ett nyckeltals värden som JSON, CSV eller XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kpi", required=True)
        parser.add_argument("--municipality", nargs="*", default=[], help="koder eller G-id")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", type=Path, help="fil att skriva till (standard: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        kpi = options["kpi"]
        if not Indicator.objects.filter(code=kpi).exists():
            raise CommandError(UNKNOWN_KPI.format(kpi=kpi))
        units = [code for part in options["municipality"] for code in part.split(",") if code]
        rows = indicator_export_rows(kpi, units)
        data = render_rows(rows, EXPORT_FIELDS, options["format"], EXPORT_HEADINGS)
        write_export(
            self.stdout,
            data,
            options["format"],
            options["output"],
            f"{len(rows)} värden för {kpi} skrivna",
        )
