from __future__ import annotations

import django_tables2 as tables

from apps.decisions.models import Decision


class DecisionTable(tables.Table):
    reference = tables.Column(
        verbose_name="Referens",
        linkify=lambda record: f"/namnd/{record.committee.slug}/ej-verkstallda/beslut/{record.pk}/",
    )
    serial = tables.Column(verbose_name="Löpnummer")
    law = tables.Column(verbose_name="Lag")
    service = tables.Column(verbose_name="Insatstyp")
    decided = tables.DateColumn(verbose_name="Beslut", format="Y-m-d")
    carried_out = tables.DateColumn(verbose_name="Verkställt", format="Y-m-d")
    closed = tables.DateColumn(verbose_name="Avslutat", format="Y-m-d")
    reason = tables.Column(verbose_name="Skäl")

    class Meta:
        model = Decision
        fields = [
            "reference",
            "serial",
            "law",
            "service",
            "decided",
            "carried_out",
            "closed",
            "reason",
        ]
        attrs = {"class": "table"}
        order_by = "decided"
