from __future__ import annotations

from typing import Any

from django import forms

from apps.decisions.models import Decision, Offer

DATE_ORDER = "{field} kan inte ligga före {other}."


class DateInput(forms.DateInput):
    input_type = "date"


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "reference",
            "law",
            "legal_basis",
            "service",
            "decided",
            "gender",
            "birth_year",
            "interrupted",
            "resumed",
            "carried_out",
            "closed",
            "close_reason",
            "reason",
            "reason_text",
            "measures",
        ]
        widgets = {
            name: DateInput(format="%Y-%m-%d")
            for name in ["decided", "interrupted", "resumed", "carried_out", "closed"]
        }
        help_texts = {"reference": "Ärendets referens – aldrig namn eller personnummer."}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decided = data.get("decided")
        for field in ["carried_out", "closed", "interrupted"]:
            if decided and data.get(field) and data[field] < decided:
                self.add_error(
                    field, DATE_ORDER.format(field=self.fields[field].label, other="beslutsdatum")
                )
        if data.get("resumed") and (
            not data.get("interrupted") or data["resumed"] < data["interrupted"]
        ):
            self.add_error(
                "resumed", DATE_ORDER.format(field="Återupptaget", other="avbrottsdatum")
            )
        if data.get("closed") and not data.get("close_reason"):
            self.add_error("close_reason", "Ange varför beslutet avslutades.")
        lss_service = str(data.get("service", "")).startswith("lss_")
        if data.get("law") and lss_service != (data["law"] == "LSS"):
            self.add_error("service", f"Insatstypen hör inte till {data['law']}.")
        return data


OfferFormSet = forms.inlineformset_factory(
    Decision,
    Offer,
    fields=["offered_on", "what", "answer"],
    extra=1,
    can_delete=True,
    widgets={"offered_on": DateInput(format="%Y-%m-%d")},
)
