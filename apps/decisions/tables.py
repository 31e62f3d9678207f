from __future__ import annotations

import django_tables2 as tables
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.decisions.models import Decision

NOWRAP = {"td": {"class": "nowrap"}}


class DecisionTable(tables.Table):
    reference = tables.Column(
        verbose_name="Referens",
        attrs=NOWRAP,
        linkify=lambda record: f"/namnd/{record.committee.slug}/ej-verkstallda/beslut/{record.pk}/",
    )
    serial = tables.Column(verbose_name="Löpnummer")
    law = tables.Column(verbose_name="Lag")
    service = tables.Column(verbose_name="Insatstyp")
    decided = tables.DateColumn(verbose_name="Beslut", format="Y-m-d", attrs=NOWRAP)
    carried_out = tables.DateColumn(verbose_name="Verkställt", format="Y-m-d", attrs=NOWRAP)
    closed = tables.DateColumn(verbose_name="Avslutat", format="Y-m-d", attrs=NOWRAP)
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
        empty_text = "Inga beslut matchar filtret."


def output_table_body(
    rows: list[dict[str, object]],
    columns: list[str],
    *,
    checkboxes: bool = False,
    ticked: frozenset[str] | set[str] = frozenset(),
) -> SafeString:
    """The <tbody> rows of an output in one pass (an IVO list can hold thousands of rows,
    which the template language renders about ten times slower). Every cell is escaped;
    a row's "_group" (lag and section) starts a heading row when it changes; with
    `checkboxes`, each row starts with its "inlagd i e-tjänsten" box or mark."""
    parts = []
    group = None
    width = len(columns) + (1 if checkboxes else 0)
    for row in rows:
        if row.get("_group") and row["_group"] != group:
            group = row["_group"]
            parts.append(
                f'<tr class="group-row"><th scope="rowgroup" colspan="{width}">'
                f"{escape(group)}</th></tr>"
            )
        cells = "".join(
            f"<td>{escape('' if row.get(column) is None else row[column])}</td>"
            for column in columns
        )
        if checkboxes:
            key = escape(str(row["_key"]))
            tick = (
                '<span class="suggestion suggestion--met">Inlagd</span>'
                if row["_key"] in ticked
                else f'<label class="sent-box"><input type="checkbox" name="episod" value="{key}">'
                f' <span class="visually-hidden">{escape(row.get("Referens") or "")} </span>'
                "inlagd</label>"
            )
            cells = f"<td>{tick}</td>{cells}"
        parts.append(f"<tr>{cells}</tr>")
    # Every cell above is escaped.
    return mark_safe("".join(parts))  # nosec B308, B703
