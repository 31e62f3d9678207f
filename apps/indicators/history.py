"""A follow-up period's history as sentences a politician reads: "Värde ändrat från 8,4
till 8,6 av Anna Andersson"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apps.core.formatting import format_number
from apps.indicators.models import (
    Assessment,
    Comment,
    DraftAssessment,
    DraftComment,
    DraftValue,
    FollowUpPeriod,
    IndicatorValue,
)

if TYPE_CHECKING:
    from apps.indicators.follow_up import FollowUpSheet

GENDER_WORDS = {"T": "totalt", "K": "kvinnor", "M": "män"}
NOBODY = "systemet"  # a change without a user: an import, a command or a migration


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    change: str  # a sentence: "Värde ändrat från 8,4 till 8,6 av Anna Andersson"


@dataclass(frozen=True)
class Noun:
    """How a sentence names a thing: "Värde … ändrat" (ett) or "Kommentar … ändrad" (en)."""

    word: str
    neuter: bool

    def sentence(self, kind: str, now: str, before: str | None, who: str) -> str:
        changed, removed = ("ändrat", "borttaget") if self.neuter else ("ändrad", "borttagen")
        if kind == "+" or before is None:
            text = f"{self.word} satt till {now}"
        elif kind == "-":
            text = f"{self.word} {removed} (var {before})"
        elif before == now:
            text = f"{self.word} {'sparat' if self.neuter else 'sparad'} igen ({now})"
        else:
            text = f"{self.word} {changed} från {before} till {now}"
        return f"{text} av {who}"


VALUE, COMMENT, ASSESSMENT = Noun("Värde", True), Noun("Kommentar", False), Noun("Bedömning", False)


def follow_up_history(
    sheet: FollowUpSheet, with_drafts: bool = True, limit: int = 30
) -> list[Change]:
    """The latest changes to a period: what was marked ready, the drafts (for those who
    may edit), and the period's own steps (marked ready, reopened with its reason,
    published) — who, when, what, as sentences."""
    committee, period = sheet.committee, sheet.period
    figure_periods = {p for row in sheet.figures for p in row.periods} | {period}
    values = IndicatorValue.history.filter(
        municipality_id=committee.municipality_id,
        period__in=figure_periods,
        source="own",
        indicator__committee=committee,
    ).select_related("indicator", "history_user")[:limit]
    comments = Comment.history.filter(
        committee_id=committee.pk, period__in=figure_periods
    ).select_related("indicator", "history_user")[:limit]
    assessments = Assessment.history.filter(
        goal__committee=committee, period=period
    ).select_related("goal", "history_user")[:limit]
    in_period = {"follow_up__committee": committee, "follow_up__period": period}
    # Readers see no drafts, not even in the history.
    draft_values: Iterable[Any] = []
    draft_goals: Iterable[Any] = []
    draft_comments: Iterable[Any] = []
    if with_drafts:
        draft_values = DraftValue.history.filter(**in_period).select_related(
            "indicator", "history_user"
        )[:limit]
        draft_goals = DraftAssessment.history.filter(**in_period).select_related(
            "goal", "history_user"
        )[:limit]
        draft_comments = DraftComment.history.filter(**in_period).select_related(
            "indicator", "history_user"
        )[:limit]
    steps = FollowUpPeriod.history.filter(committee_id=committee.pk, period=period).select_related(
        "history_user"
    )[:limit]
    changes = (
        _changes(values, VALUE, _number, lambda h: _figure(h, h.indicator.title))
        + _changes(comments, COMMENT, _quoted, lambda h: f"Kommentar, {h.indicator.title}")
        + _changes(assessments, ASSESSMENT, _signal, lambda h: f"Bedömning, {h.goal.title}")
        + _changes(
            draft_values, VALUE, _number, lambda h: "Utkast: " + _figure(h, h.indicator.title)
        )
        + _changes(
            draft_comments, COMMENT, _quoted, lambda h: f"Utkast: kommentar, {h.indicator.title}"
        )
        + _changes(draft_goals, ASSESSMENT, _signal, lambda h: f"Utkast: bedömning, {h.goal.title}")
        + [Change(h.history_date, _who(h), "Perioden", step) for h in steps if (step := _step(h))]
    )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def _changes(records: Iterable[Any], noun: Noun, shown: Any, what: Any) -> list[Change]:
    """One sentence per record; the value before is the object's previous record (from the
    same list when it is there, so the page does not ask once per row)."""
    records = list(records)
    by_object: dict[Any, list[Any]] = {}
    for record in sorted(records, key=lambda r: r.history_date):
        by_object.setdefault(record.id, []).append(record)
    changes = []
    for record in records:
        who = _who(record)
        if record.history_type == "-" and type(record).__name__.startswith("HistoricalDraft"):
            sentence = f"Utkastet avslutat (markerat klart eller återställt) av {who}"
        else:
            earlier = by_object[record.id]
            index = earlier.index(record)
            previous = earlier[index - 1] if index else _previous(record)
            before = shown(previous) if previous is not None else None
            sentence = noun.sentence(record.history_type, shown(record), before, who)
        changes.append(Change(record.history_date, who, what(record), sentence))
    return changes


def _previous(record: Any) -> Any:
    return record.prev_record if record.history_type != "+" else None


def _figure(record: Any, title: str) -> str:
    return f"{title} ({record.period}, {GENDER_WORDS.get(record.gender, record.gender)})"


def _number(record: Any) -> str:
    return (
        "tomt" if record.value is None else format_number(record.value, record.indicator.decimals)
    )


def _quoted(record: Any) -> str:
    text = record.text[:80] + ("…" if len(record.text) > 80 else "")
    return f"”{text}”" if text else "tom"


def _signal(record: Any) -> str:
    return record.get_signal_display() or "ingen bedömning"


def _step(record: Any) -> str:
    """What a saved FollowUpPeriod record says happened, or "" for bookkeeping."""
    previous = record.prev_record
    before = (previous.status, previous.published_at) if previous else ("open", None)
    who = _who(record)
    if record.status == "ready" and before[0] != "ready":
        return f"Perioden markerad som klar av {who}"
    if record.status == "open" and before[0] == "ready":
        return f"Perioden öppnad igen av {who}, med skälet: {record.reopen_reason}"
    if record.published_at and not before[1]:
        return f"Perioden publicerad av {who}"
    return ""


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return NOBODY
    return user.get_full_name() or user.get_username()
