"""The upload forms: a ledger or investment file, and a column mapping for a file whose
headings are the ekonomisystem's own."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.budget.ledger.mapping import TARGETS
from apps.budget.models import ColumnMapping
from apps.budget.services import FileHeader
from apps.organisations.models import Committee


class UploadForm(forms.Form):
    fil = forms.FileField(label="Fil (CSV eller XLSX)")
    kolumnmappning = forms.ModelChoiceField(
        ColumnMapping.objects.none(),
        required=False,
        label="Kolumnmappning",
        empty_label="Ingen (filen har våra rubriker, eller en sparad mappning passar)",
        help_text="För en fil med ekonomisystemets egna rubriker.",
    )

    def __init__(self, committee: Committee, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kolumnmappning"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ColumnMapping.objects.filter(committee=committee)


class MappingForm(forms.Form):
    """Which of the file's headings is each of our columns, saved under a name."""

    namn = forms.CharField(
        label="Spara mappningen som", max_length=60, help_text="T.ex. Raindance månadsrapport."
    )

    def __init__(self, header: FileHeader, committee: Committee, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.committee = committee
        choices = [("", "– används inte –")] + [(h, h) for h in header.headings if h]
        for target, label in TARGETS.items():
            self.fields[target] = forms.ChoiceField(choices=choices, required=False, label=label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(t) for t in TARGETS if data.get(t)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("En rubrik kan bara höra till en av våra kolumner.")
        if not data.get("ansvar"):
            self.add_error("ansvar", "Välj filens kolumn med ansvarskoden.")
        if not (data.get("kontoslag") or data.get("konto")):
            self.add_error("kontoslag", "Välj filens kolumn med kostnadsslag eller konto.")
        if not (data.get("period") or data.get("ar")):
            self.add_error("period", "Välj filens kolumn med period (eller år).")
        amounts = [k for k in ("utfall", "budget", "prognos") if data.get(k)]
        if not amounts and not (data.get("typ") and data.get("belopp")):
            self.add_error(
                "utfall", "Välj belopp per typ (utfall, budget, prognos), eller typ och belopp."
            )
        return data

    def columns(self) -> dict[str, str]:
        return {t: self.cleaned_data[t] for t in TARGETS if self.cleaned_data.get(t)}
