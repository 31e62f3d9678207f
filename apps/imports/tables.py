from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from apps.imports.models import ImportRun


class ImportRunTable(tables.Table):
    id = tables.Column(verbose_name="Körning", linkify=False)
    kind = tables.Column(verbose_name="Slag")
    trigger = tables.Column(verbose_name="Startad från")
    status = tables.Column(verbose_name="Status")
    queued_at = tables.DateTimeColumn(verbose_name="Beställd", format="Y-m-d H:i")
    changes = tables.Column(
        verbose_name="Nya / ändrade / oförändrade", empty_values=(), orderable=False
    )

    class Meta:
        model = ImportRun
        fields = ["id", "kind", "trigger", "status", "queued_at"]
        attrs = {"class": "table"}
        order_by = "-queued_at"

    def __init__(self, *args, committee_slug: str, **kwargs):  # type: ignore[no-untyped-def]
        self.committee_slug = committee_slug
        super().__init__(*args, **kwargs)

    def render_id(self, record: ImportRun) -> str:
        from django.urls import reverse

        url = reverse("imports:detail", args=[self.committee_slug, record.pk])
        return format_html('<a href="{}">#{}</a>', url, record.pk)

    def render_status(self, record: ImportRun) -> str:
        return format_html(
            '<span class="status status--{}">{}</span>', record.status, record.get_status_display()
        )

    def render_changes(self, record: ImportRun) -> str:
        return f"{record.created} / {record.updated} / {record.unchanged}"
