"""manage.py evb_report --committee SLUG --quarter YYYYQn [--lag SoL|LSS] --format FORMAT

FORMAT is json (the contract), csv, xlsx or pdf."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.exports import render_rows, write_export
from apps.core.pdf_lists import ListDocument, render_list_pdf
from apps.decisions.outputs import print_line
from apps.decisions.quarters import Quarter
from apps.decisions.selectors import quarter_report
from apps.organisations.models import Committee

LIST_FIELDS = ["avsnitt", "referens", "lag", "insatstyp", "beslutsdatum", "status_datum", "dagar"]


class Command(BaseCommand):
    help = (
        "Kvartalets ej verkställda beslut: nya, verkställda, avslutade, fortfarande ej verkställda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--quarter", required=True, help="t.ex. 2025Q4")
        parser.add_argument("--lag", choices=["SoL", "LSS"])
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        try:
            quarter = Quarter.parse(options["quarter"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        report = quarter_report(committee, quarter, options["lag"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        rows = [
            {"avsnitt": section, **item}
            for section, items in report.as_dict().items()
            if isinstance(items, list)
            for item in items
        ]
        if options["format"] == "pdf":
            data = render_list_pdf(
                ListDocument(
                    title=" enligt ".join(filter(None, ["Ej verkställda beslut", options["lag"]])),
                    subtitle=print_line(committee, quarter),
                    columns=LIST_FIELDS,
                    rows=[[str(row.get(field) or "") for field in LIST_FIELDS] for row in rows],
                )
            )
        else:
            data = render_rows(rows, LIST_FIELDS, options["format"])
        write_export(self.stdout, data, options["format"], None, "")
