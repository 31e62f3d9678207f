"""The controllers' follow-up form (one field per figure due, comment and goal), and a
committee's settings for one indicator."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.formatting import format_input, format_number
from apps.core.periods import period_label, previous_period
from apps.indicators.follow_up import FollowUpSheet, OwnFigureRow
from apps.indicators.models import CommitteeIndicator, IndicatorValue, Signal
from apps.indicators.services import FollowUpInput
from apps.indicators.validation import clean_own_value

GENDER_LABELS = dict(IndicatorValue.Gender.choices)
NOT_READY = "Perioden kan inte markeras som klar förrän allt är ifyllt: {missing}."


def value_field(row: OwnFigureRow, period: str, gender: str) -> str:
    return f"v_{row.indicator.pk}_{period}_{gender}"


class FollowUpForm(forms.Form):
    def __init__(self, sheet: FollowUpSheet, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet.figures:
            indicator = row.indicator
            for period in row.periods:
                for gender in row.genders:
                    current = row.current[(period, gender)]
                    name = value_field(row, period, gender)
                    self.fields[name] = forms.CharField(
                        label=f"{indicator.title} – {period_label(period)}, "
                        f"{GENDER_LABELS[gender].lower()}",
                        required=False,
                        initial=format_input(current),
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
            self.fields[f"s_{goal.pk}"] = forms.ChoiceField(
                label=f"Bedömning: {goal.title}",
                choices=[("", "– ej bedömt –"), *Signal.choices],
                required=False,
                initial=goal_row.signal,
            )
            self.fields[f"a_{goal.pk}"] = forms.CharField(
                label=f"Analys: {goal.title}",
                required=False,
                initial=goal_row.analysis,
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
        self.not_ready = ""
        if self.data.get("action") == "ready" and not self.errors:
            missing = self._missing(cleaned)
            if missing:  # the view saves what was entered as a draft and says why
                self.not_ready = NOT_READY.format(missing="; ".join(missing))
        return cleaned

    def _missing(self, cleaned: dict[str, Any]) -> list[str]:
        """Only what is due in the period: a yearly figure is not asked for in a quarter."""
        missing = [
            row.indicator.title + (f" ({period_label(period)})" if len(row.periods) > 1 else "")
            for row in self.sheet.figures
            for period in row.periods
            if cleaned.get(value_field(row, period, "T")) is None
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
            for period in row.periods:
                for gender in row.genders:
                    data.values[(pk, period, gender)] = self.cleaned_data[
                        value_field(row, period, gender)
                    ]
            data.comments[(pk, row.comment_period)] = self.cleaned_data[f"c_{pk}"]
        for goal_row in self.sheet.goals:
            pk = goal_row.goal.pk
            data.assessments[pk] = (self.cleaned_data[f"s_{pk}"], self.cleaned_data[f"a_{pk}"])
        return data

    def figure_rows(self) -> list[dict[str, Any]]:
        """For the template: each figure's fields with the period before's value beside
        each, and whether the value shown is a draft."""
        return [
            {
                "row": row,
                "fields": [
                    {
                        "field": self[value_field(row, period, g)],
                        "previous": format_number(row.previous[(period, g)], row.indicator.decimals)
                        if row.previous[(period, g)] is not None
                        else "–",
                        "previous_label": period_label(previous_period(period)),
                        "label": (
                            f"{period_label(period)}, {GENDER_LABELS[g].lower()}"
                            if len(row.periods) > 1 or period != self.sheet.period
                            else GENDER_LABELS[g]
                        ),
                        "draft": (period, g) in row.drafted,
                    }
                    for period in row.periods
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


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Skäl att öppna perioden igen",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Skriv varför perioden öppnas igen; skälet sparas i historiken."
        },
    )


GROUP_NOT_THE_COMMITTEES = (
    "Välj bland nämndens egna jämförelsegrupper ({groups}); {wrong} är inte nämndens."
)


class CommitteeIndicatorForm(forms.ModelForm):
    """A committee's settings for one indicator. The comparison groups chosen here replace
    the rule by area for this indicator; they must be among the committee's groups."""

    class Meta:
        model = CommitteeIndicator
        fields = ["committee", "indicator", "order", "is_key", "comparison_groups"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        committee = cleaned.get("committee")
        chosen = cleaned.get("comparison_groups") or []
        if committee is not None and chosen:
            allowed = set(committee.comparison_groups.values_list("pk", flat=True))
            wrong = [group.name for group in chosen if group.pk not in allowed]
            if wrong:
                names = ", ".join(committee.comparison_groups.values_list("name", flat=True))
                self.add_error(
                    "comparison_groups",
                    GROUP_NOT_THE_COMMITTEES.format(groups=names or "inga", wrong=", ".join(wrong)),
                )
        return cleaned
