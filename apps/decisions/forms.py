"""Forms for the register. The rules are the model's own (`Decision.clean`, field validators,
constraints with messages): a ModelForm runs them through full_clean, as the admin and the
register file do."""

from __future__ import annotations

from django import forms

from apps.decisions.models import Decision, Interruption, Offer, interruption_problems


class DateInput(forms.DateInput):
    input_type = "date"


DATE_FIELDS = ["decided", "carried_out", "closed"]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "reference",
            "law",
            "legal_basis",
            "service",
            "service_detail",
            "area",
            "decided",
            "gender",
            "birth_year",
            "carried_out",
            "closed",
            "close_reason",
            "reason",
            "reason_text",
            "measures",
        ]
        widgets = {name: DateInput(format="%Y-%m-%d") for name in DATE_FIELDS}


class BaseInterruptionFormSet(forms.BaseInlineFormSet):
    """The avbrott of one decision, checked together against the decision's dates as
    entered in the same form (not as stored): after verkställt, not overlapping."""

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:  # type: ignore[type-arg]
        super().add_fields(form, index)
        form.instance._checked_together = True  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        spans = [
            (form.cleaned_data["interrupted"], form.cleaned_data.get("resumed"))
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("interrupted")
        ]
        problems = interruption_problems(self.instance.carried_out, self.instance.closed, spans)
        if problems:
            raise forms.ValidationError(problems)


OfferFormSet = forms.inlineformset_factory(
    Decision,
    Offer,
    fields=["offered_on", "what", "answer"],
    extra=1,
    can_delete=True,
    widgets={"offered_on": DateInput(format="%Y-%m-%d")},
)
InterruptionFormSet = forms.inlineformset_factory(
    Decision,
    Interruption,
    formset=BaseInterruptionFormSet,
    fields=["interrupted", "resumed"],
    extra=1,
    can_delete=True,
    widgets={name: DateInput(format="%Y-%m-%d") for name in ["interrupted", "resumed"]},
)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Varför tas beslutet bort?",
        max_length=100,
        help_text="Sparas i historiken med vem och när.",
    )
