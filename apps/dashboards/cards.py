"""The overview's cards, read at a glance: the value with its unit and period, a mark for
the goal the indicator measures, a trend arrow with the change, a sparkline of the last
years and one compact comparison with the groups and riket. Pure functions over series
already loaded (no queries); the details stay on the indicator page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString

from apps.core.formatting import format_number
from apps.core.periods import ReportPeriod, period_kind, period_label
from apps.dashboards.sparklines import Bar, comparison_bars_html, sparkline_svg
from apps.indicators.comparison import OWN, Point, Position, Series, Unit, card_for
from apps.indicators.models import GoalIndicator, Indicator
from apps.indicators.selectors import Suggestion

if TYPE_CHECKING:
    from apps.dashboards.selectors import GoalSummary

SPARKLINE_POINTS = 8

# A goal's mark: the word is always shown beside the colour and the symbol.
GOAL_MARKS = {
    "met": ("✓", "Uppfyllt"),
    "partly": ("◐", "Delvis uppfyllt"),
    "not_met": ("✗", "Ej uppfyllt"),
    "missing": ("?", "Saknas"),
}


@dataclass(frozen=True)
class GoalMark:
    """What the latest comparable figure says about the indicator's target.

    - met: the figure reaches the target (as the follow-up page's suggestion);
    - partly: it does not, but it moved towards the target since the period before;
    - not_met: it does not, and it did not move towards it;
    - missing: the indicator measures a goal, but there is no figure (or no target) to
      compare for the period.
    """

    status: str
    target: float | None
    direction: str  # "minst" or "högst"
    period: str  # the figure's period compared ("2024", "2025 hittills i år …")

    @property
    def symbol(self) -> str:
        return GOAL_MARKS[self.status][0]

    @property
    def label(self) -> str:
        return GOAL_MARKS[self.status][1]


@dataclass
class OverviewCard:
    indicator: Indicator
    latest: Point | None
    previous: Point | None
    change: float | None
    change_unit: str
    compared_period: str | None
    positions: list[Position]
    updated: datetime | None
    next_publication: date | None
    goal: GoalMark | None = None
    sparkline: SafeString = field(default_factory=lambda: SafeString(""))
    bars: SafeString = field(default_factory=lambda: SafeString(""))
    url: str = ""

    @property
    def compared_label(self) -> str:
        return period_label(self.compared_period) if self.compared_period else ""

    @property
    def trend(self) -> str:
        """ "up", "down" or "flat" (no change); "" without a period before to compare."""
        if self.change is None:
            return ""
        if abs(self.change) < 1e-9:
            return "flat"
        return "up" if self.change > 0 else "down"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "flat": "→"}.get(self.trend, "")

    @property
    def better(self) -> bool | None:
        """Whether the change is for the better; None when neither direction is, or flat."""
        if self.trend in {"", "flat"} or self.indicator.higher_is_better is None:
            return None
        return (self.trend == "up") == self.indicator.higher_is_better

    @property
    def verdict(self) -> str:
        """ "bättre än 2 av 3" of the comparisons, when higher or lower is better."""
        if self.indicator.higher_is_better is None or not self.positions:
            return ""
        better = sum(1 for p in self.positions if p.better)
        return f"bättre än {better} av {len(self.positions)}"


def short_name(label: str) -> str:
    """ "Göteborgsregionen" for "Göteborgsregionen (ovägt medel)": the card has no room."""
    return label.removesuffix(" (ovägt medel)")


def series_as_of(
    series: dict[tuple[int, str, str], Series], period: ReportPeriod
) -> dict[tuple[int, str, str], Series]:
    """The series without the figures of periods that end after the report period."""
    return {
        key: replace(line, points={p: v for p, v in line.points.items() if period.covers(p)})
        for key, line in series.items()
    }


def goal_mark(suggestion: Suggestion, change: float | None) -> GoalMark:
    gi = suggestion.goal_indicator
    status = {"met": "met", "not_met": "not_met"}.get(suggestion.status, "missing")
    if suggestion.target is None:
        status = "missing"
    if status == "not_met" and change:
        towards = change > 0 if gi.direction == GoalIndicator.Direction.AT_LEAST else change < 0
        status = "partly" if towards else "not_met"
    return GoalMark(status, suggestion.target, gi.get_direction_display(), suggestion.period_text)


def sparkline_points(own: Series | None, latest: Point | None) -> list[tuple[str, float | None]]:
    """The last SPARKLINE_POINTS periods of the latest value's kind (years for a yearly
    figure), up to it, with a gap where a year is missing."""
    if own is None or latest is None:
        return []
    kind = period_kind(latest.period)
    periods = [p for p in sorted(own.points) if period_kind(p) == kind and p <= latest.period]
    return [(p, own.value(p)) for p in periods[-SPARKLINE_POINTS:]]


def overview_cards(
    indicators: Sequence[Indicator],
    units: list[Unit],
    series: dict[tuple[int, str, str], Series],
    summaries: Sequence[GoalSummary],
    period: ReportPeriod,
) -> list[OverviewCard]:
    suggestions: dict[int, Suggestion] = {}
    for summary in summaries:
        for suggestion in summary.suggestions:
            suggestions.setdefault(suggestion.goal_indicator.indicator_id, suggestion)
    cards = []
    for indicator in indicators:
        base = card_for(indicator, units, series)
        card = OverviewCard(
            indicator,
            base.latest,
            base.previous,
            base.change,
            base.change_unit,
            base.compared_period,
            base.positions,
            base.updated,
            base.next_publication,
        )
        found = suggestions.get(indicator.pk)
        if found is not None:
            card.goal = goal_mark(found, base.change)
        own = series.get((indicator.pk, "T", OWN))
        points = sparkline_points(own, base.latest)
        if len(points) > 1:
            first, last = points[0], points[-1]
            card.sparkline = sparkline_svg(
                points,
                f"Utvecklingen {period_label(first[0])}–{period_label(last[0])}: från "
                f"{format_number(first[1], indicator.decimals)} till "
                f"{format_number(last[1], indicator.decimals)}",
            )
        if own and base.compared_period and base.positions:
            own_value = own.value(base.compared_period)
            if own_value is not None:
                bars = [Bar(units[0].label, own_value, own=True)]
                bars += [Bar(short_name(p.label), p.value) for p in base.positions]
                card.bars = comparison_bars_html(
                    bars,
                    indicator.decimals,
                    f"Jämförelse {period_label(base.compared_period)}: "
                    + ", ".join(
                        f"{b.label} {format_number(b.value, indicator.decimals)}" for b in bars
                    ),
                )
        cards.append(card)
    return cards
