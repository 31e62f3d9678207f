"""The controllers' follow-up form: one field per own figure, comment and goal."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.formatting import format_number
from apps.indicators.models import IndicatorValue, Signal
from apps.indicators.selectors import FollowUpSheet
from apps.indicators.services import FollowUpInput
from apps.indicators.validation import clean_own_value

GENDER_LABELS = dict(IndicatorValue.Gender.choices)
NOT_READY = "Perioden kan inte markeras som klar förrän allt är ifyllt: {missing}."


class FollowUpForm(forms.Form):
    def __init__(self, sheet: FollowUpSheet, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet.figures:
            indicator = row.indicator
            for gender in row.genders:
                name = f"v_{indicator.pk}_{gender}"
                self.fields[name] = forms.CharField(
                    label=f"{indicator.title} – {GENDER_LABELS[gender].lower()}",
                    required=False,
                    initial=format_number(row.current[gender], indicator.decimals)
                    if row.current[gender] is not None
                    else "",
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
                self.fields[name].indicator = indicator  # type: ignore[attr-defined]
            self.fields[f"c_{indicator.pk}"] = forms.CharField(
                label=f"Kommentar: {indicator.title}",
                required=False,
                initial=row.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for goal_row in sheet.goals:
            goal = goal_row.goal
            assessment = goal_row.assessment
            self.fields[f"s_{goal.pk}"] = forms.ChoiceField(
                label=f"Bedömning: {goal.title}",
                choices=[("", "– ej bedömt –"), *Signal.choices],
                required=False,
                initial=assessment.signal if assessment else "",
            )
            self.fields[f"a_{goal.pk}"] = forms.CharField(
                label=f"Analys: {goal.title}",
                required=False,
                initial=assessment.analysis if assessment else "",
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, field in self.fields.items():
            if not name.startswith("v_") or name in self.errors:
                continue
            text = (cleaned.get(name) or "").strip()
            if not text:
                cleaned[name] = None
                continue
            try:
                cleaned[name] = clean_own_value(field.indicator, text)  # type: ignore[attr-defined]
            except ValueError as exc:
                self.add_error(name, str(exc))
        if self.data.get("action") == "ready" and not self.errors:
            missing = self._missing(cleaned)
            if missing:
                raise forms.ValidationError(NOT_READY.format(missing="; ".join(missing)))
        return cleaned

    def _missing(self, cleaned: dict[str, Any]) -> list[str]:
        missing = [
            row.indicator.title
            for row in self.sheet.figures
            if cleaned.get(f"v_{row.indicator.pk}_T") is None
        ]
        missing += [
            f"bedömning och analys för {row.goal.title}"
            for row in self.sheet.goals
            if not cleaned.get(f"s_{row.goal.pk}")
            or not cleaned.get(f"a_{row.goal.pk}", "").strip()
        ]
        return missing

    def to_input(self) -> FollowUpInput:
        data = FollowUpInput()
        for row in self.sheet.figures:
            pk = row.indicator.pk
            for gender in row.genders:
                data.values[(pk, gender)] = self.cleaned_data[f"v_{pk}_{gender}"]
            data.comments[pk] = self.cleaned_data[f"c_{pk}"]
        for goal_row in self.sheet.goals:
            pk = goal_row.goal.pk
            data.assessments[pk] = (self.cleaned_data[f"s_{pk}"], self.cleaned_data[f"a_{pk}"])
        return data

    def figure_rows(self) -> list[dict[str, Any]]:
        """For the template: each figure's fields with last period's value beside each."""
        return [
            {
                "row": row,
                "fields": [
                    (
                        self[f"v_{row.indicator.pk}_{g}"],
                        format_number(row.previous[g], row.indicator.decimals)
                        if row.previous[g] is not None
                        else "–",
                        GENDER_LABELS[g],
                    )
                    for g in row.genders
                ],
                "comment": self[f"c_{row.indicator.pk}"],
            }
            for row in self.sheet.figures
        ]

    def goal_rows(self) -> list[dict[str, Any]]:
        return [
            {"row": row, "signal": self[f"s_{row.goal.pk}"], "analysis": self[f"a_{row.goal.pk}"]}
            for row in self.sheet.goals
        ]
