"""The budget tree as a django-tables2 table: tkr, Swedish numbers, deviations in words."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from apps.budget.selectors import CentreFigures
from apps.core.formatting import format_number


def tkr(value: float | None) -> str:
    return format_number(None if value is None else value / 1000)


def deviation_html(value: float | None) -> str:
    if value is None:
        return "–"
    word, css = ("överskott", "good") if value >= 0 else ("underskott", "bad")
    return format_html(
        '<span class="dev dev--{}">{} <span class="dev__word">{}</span></span>',
        css,
        tkr(value),
        word,
    )


class AmountColumn(tables.Column):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value):  # type: ignore[no-untyped-def]
        return tkr(value)


class BudgetTable(tables.Table):
    name = tables.Column(verbose_name="Ansvar", empty_values=(), orderable=False)
    outcome = AmountColumn(verbose_name="Utfall hittills")
    budget = AmountColumn(verbose_name="Budget hittills")
    deviation = AmountColumn(verbose_name="Avvikelse")
    budget_year = AmountColumn(verbose_name="Budget helår")
    forecast = AmountColumn(verbose_name="Prognos (controller)")
    computed_forecast = AmountColumn(verbose_name="Beräknad prognos")
    computed_forecast_deviation = AmountColumn(verbose_name="Beräknad avvikelse helår")

    class Meta:
        attrs = {"class": "table budget-tree", "id": "budget-tree"}
        row_attrs = {
            "data-id": lambda record: record.centre.pk or "total",
            "data-parent": lambda record: record.centre.parent_id or "",
            "data-depth": lambda record: record.depth,
        }

    def render_name(self, record: CentreFigures) -> str:
        indent = max(record.depth, 0)
        label = format_html(
            '<span class="code">{}</span> {}', record.centre.code, record.centre.name
        )
        if record.has_children and record.depth >= 0:
            return format_html(
                '<span class="tree" style="--depth:{}"><button type="button" class="toggle" '
                'aria-expanded="true" aria-controls="budget-tree" data-toggle="{}">'
                '<span class="visually-hidden">Visa eller dölj underliggande ansvar för </span>'
                "{}</button></span>",
                indent, record.centre.pk, label,
            )  # fmt: skip
        return format_html('<span class="tree" style="--depth:{}">{}</span>', indent, label)

    def render_deviation(self, value: float) -> str:
        return deviation_html(value)

    def render_computed_forecast_deviation(self, value: float) -> str:
        return deviation_html(value)
