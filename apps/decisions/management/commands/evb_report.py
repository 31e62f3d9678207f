"""manage.py evb_report --committee SLUG --quarter YYYYQn [--lag SoL|LSS] --format FORMAT
[--output ivo|revisorer|kf|namnd] [--file PATH] [--mark-sent]

FORMAT is json (the contract in docs/evb.md), csv, xlsx or pdf; csv, xlsx and pdf write the
chosen output (default the IVO list) with the same columns as the page. --mark-sent marks
the quarter's IVO report as sent and freezes it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.exports import render_rows, write_export
from apps.core.pdf_lists import render_list_pdf
from apps.decisions.outputs import OUTPUTS, output_document, output_rows
from apps.decisions.quarters import Quarter
from apps.decisions.selectors import quarter_report
from apps.decisions.services import ReportError, mark_quarter_sent, register_audit_add
from apps.organisations.models import Committee


class Command(BaseCommand):
    help = (
        "Kvartalets ej verkställda beslut: nya, ej tidigare rapporterade, verkställda, "
        "avslutade, fortfarande ej verkställda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--quarter", required=True, help="t.ex. 2025Q4")
        parser.add_argument("--lag", choices=["SoL", "LSS"])
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument("--output", choices=list(OUTPUTS), default="ivo")
        parser.add_argument("--file", type=Path, help="skriv till filen i stället för stdout")
        parser.add_argument(
            "--mark-sent",
            action="store_true",
            help="markera kvartalets IVO-rapport som skickad (den låses som den är nu)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']!r} finns inte.")
        try:
            quarter = Quarter.parse(options["quarter"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["mark_sent"]:
            try:
                sent = mark_quarter_sent(committee=committee, quarter=quarter, user=None)
            except ReportError as exc:
                raise CommandError(str(exc)) from None
            if options["format"] != "json":
                self.stdout.write(
                    f"Rapporten för {quarter} är markerad som skickad "
                    f"({len(sent.snapshot['items'])} rader)."
                )
                return
        report = quarter_report(committee, quarter, options["lag"])
        spec = OUTPUTS[options["output"]]
        fmt = options["format"]
        if fmt in {"xlsx", "pdf"} and not options["file"] and sys.stdout.isatty():
            raise CommandError(
                f"{fmt.upper()} skrivs inte till terminalen: ange --file {spec.kind}.{fmt} "
                f"eller styr om utdata (> {spec.kind}.{fmt})."
            )
        register_audit_add(
            committee=committee,
            user=None,
            what=f"evb_report {spec.title if fmt != 'json' else 'JSON'} {quarter} ({fmt})",
            path="kommandoraden",
        )
        if fmt == "json":
            data = json.dumps(report.as_dict(), ensure_ascii=False).encode("utf-8")
        else:
            rows = output_rows(spec, report)
            if fmt == "pdf":
                data = render_list_pdf(output_document(spec, report, rows))
            else:
                data = render_rows(rows, spec.columns, fmt)
        write_export(self.stdout, data, fmt, options["file"], spec.title)
