"""Bulk import/export of own figures in the admin (CSV/XLSX), checked like the entry page."""

from __future__ import annotations

from typing import Any

from import_export import fields, resources
from import_export.widgets import FloatWidget, ForeignKeyWidget

from apps.core.periods import normalise_period
from apps.indicators.models import Indicator, IndicatorValue
from apps.indicators.validation import clean_own_value
from apps.organisations.models import Municipality

NOT_OWN = "'{code}' är inget eget nyckeltal (Kolada-värden kommer från importen)."
BAD_GENDER = "kön ska vara T, K eller M (fick {gender!r})"
DUPLICATE_ROW = (
    "samma nyckeltal, kommun, period och kön finns redan på rad {row}; vilket värde gäller?"
)


# The files' column headings; a file headed the older way (nyckeltal;kommun;period;kon;varde)
# is read too.
HEADINGS = {
    "nyckeltal": "Nyckeltal",
    "kommun": "Kommun",
    "period": "Period",
    "kön": "Kön",
    "kon": "Kön",
    "värde": "Värde",
    "varde": "Värde",
}


class OwnFigureResource(resources.ModelResource):
    indicator = fields.Field(
        attribute="indicator", column_name="Nyckeltal", widget=ForeignKeyWidget(Indicator, "code")
    )
    municipality = fields.Field(
        attribute="municipality",
        column_name="Kommun",
        widget=ForeignKeyWidget(Municipality, "code"),
    )
    period = fields.Field(attribute="period", column_name="Period")
    gender = fields.Field(attribute="gender", column_name="Kön")
    # A number in the XLSX export, not its text.
    value = fields.Field(
        attribute="value", column_name="Värde", widget=FloatWidget(coerce_to_string=False)
    )

    class Meta:
        model = IndicatorValue
        fields = ("indicator", "municipality", "period", "gender", "value")
        import_id_fields = ("indicator", "municipality", "period", "gender")
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return IndicatorValue.objects.filter(source=IndicatorValue.Source.OWN).select_related(
            "indicator", "municipality"
        )

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        if dataset.headers:
            dataset.headers = [
                HEADINGS.get(str(h or "").strip().lower(), h) for h in dataset.headers
            ]
        self._indicators: dict[str, Indicator | None] = {}
        self._seen: dict[tuple[str, ...], int] = {}

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        """Check each row as the entry page does; a ValueError marks the row as an error."""
        code = str(row.get("Nyckeltal") or "").strip()
        if code not in self._indicators:
            self._indicators[code] = Indicator.objects.filter(
                code=code, source=Indicator.Source.OWN
            ).first()
        indicator = self._indicators[code]
        if indicator is None:
            raise ValueError(NOT_OWN.format(code=code))
        row["Period"] = normalise_period(str(row.get("Period") or ""))
        gender = str(row.get("Kön") or "T").strip().upper()
        if gender not in {"T", "K", "M"}:
            raise ValueError(BAD_GENDER.format(gender=gender))
        row["Kön"] = gender
        row["Värde"] = float(clean_own_value(indicator, str(row.get("Värde") or "")))
        key = (code, str(row.get("Kommun") or "").strip(), row["Period"], gender)
        number = kwargs.get("row_number") or len(self._seen) + 1
        if key in self._seen:
            raise ValueError(DUPLICATE_ROW.format(row=self._seen[key]))
        self._seen[key] = number

    def before_save_instance(self, instance: IndicatorValue, row: Any, **kwargs: Any) -> None:
        instance.source = IndicatorValue.Source.OWN
