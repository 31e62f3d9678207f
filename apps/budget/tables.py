"""The budget tree as a django-tables2 table: tkr, Swedish numbers, deviations in words."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apps.budget.selectors import CentreFigures
from apps.core.formatting import format_number


def tkr(value: float | None) -> str:
    return format_number(None if value is None else value / 1000)


def deviation_html(value: float | None) -> str:
    """The deviation in tkr, coloured and in words (never colour alone)."""
    if value is None:
        return "–"
    word, css = ("överskott", "good") if value >= 0 else ("underskott", "bad")
    # Only a formatted number and fixed words: nothing here needs escaping (bandit reviewed).
    return mark_safe(  # nosec B308, B703
        f'<span class="dev dev--{css}">{tkr(value)} <span class="dev__word">{word}</span></span>'
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
        # The header comes from the columns; the body is written in one pass by body_html(),
        # since rendering 500 rows × 8 cells cell by cell costs about a second.
        template_name = "budget/includes/_budget_table.html"

    def body_html(self) -> str:
        """All body rows as one HTML string, the same cells the render_* methods describe."""
        parts = []
        for record in self.data:
            cells = [
                self.render_name(record),
                tkr(record.outcome), tkr(record.budget), self.render_deviation(record.deviation),
                tkr(record.budget_year), tkr(record.forecast), tkr(record.computed_forecast),
                self.render_computed_forecast_deviation(record.computed_forecast_deviation),
            ]  # fmt: skip
            row_id = record.centre.pk or "total"
            parent = record.centre.parent_id or ""
            parts.append(
                f'<tr data-id="{row_id}" data-parent="{parent}" data-depth="{record.depth}">'
                f"<td>{cells[0]}</td>"
                + "".join(f'<td class="num">{cell}</td>' for cell in cells[1:])
                + "</tr>"
            )
        # Every cell above is escaped by format_html or tkr (bandit reviewed).
        return mark_safe("".join(parts))  # nosec B308, B703

    def render_name(self, record: CentreFigures) -> str:
        # Plain f-strings around escape(): format_html cost a fifth of the 500-row body.
        indent = max(record.depth, 0)
        label = (
            f'<span class="code">{escape(record.centre.code)}</span> {escape(record.centre.name)}'
        )
        if record.has_children and record.depth >= 0:
            html = (
                f'<span class="tree" style="--depth:{indent}"><button type="button" '
                'class="toggle" aria-expanded="true" aria-controls="budget-tree" '
                f'data-toggle="{escape(record.centre.pk)}"><span class="visually-hidden">Visa '
                f"eller dölj underliggande ansvar för </span>{label}</button></span>"
            )
        else:
            html = f'<span class="tree" style="--depth:{indent}">{label}</span>'
        # The code and name are escaped above; the rest is fixed text (bandit reviewed).
        return mark_safe(html)  # nosec B308, B703

    def render_deviation(self, value: float) -> str:
        return deviation_html(value)

    def render_computed_forecast_deviation(self, value: float) -> str:
        return deviation_html(value)
