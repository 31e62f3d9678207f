"""Comparison of one indicator's values: the municipality's own series against its
comparison groups and riket (units, series, preliminary marks), the card's positions, and
the region's members ranked. Shared by the politicians' pages, the report and the exports.

Every function here runs a fixed number of queries, whatever the number of indicators or
comparison units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Case, Q, When
from django.utils import timezone

from apps.core.periods import period_label, previous_period
from apps.indicators.models import Indicator, IndicatorValue
from apps.indicators.selectors import READERS, Audience
from apps.organisations.models import RIKET_CODE, Committee, ComparisonGroup, Municipality

OWN, RIKET = "own", "riket"
GENDERS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    preliminary: bool = False
    source: str = ""
    changed_at: datetime | None = None
    draft: bool = False  # a controller's draft, shown only to editors and marked "Utkast"

    @property
    def label(self) -> str:
        return period_label(self.period)


@dataclass
class Series:
    """One line of an indicator chart: the municipality, a comparison group or riket."""

    key: str
    label: str
    note: str  # what the figure is: the municipality's value, an unweighted mean, ...
    points: dict[str, Point] = field(default_factory=dict)

    def value(self, period: str) -> float | None:
        point = self.points.get(period)
        return point.value if point else None

    @property
    def periods(self) -> list[str]:
        return sorted(p for p, point in self.points.items() if point.value is not None)

    @property
    def chart_points(self) -> list[tuple[str, float | None, bool]]:
        """(period, value, preliminary) in period order, as the chart functions take them;
        drafts are left out (they are drawn as a series of their own for editors)."""
        return [
            (p.period, p.value, p.preliminary)
            for _, p in sorted(self.points.items())
            if not p.draft
        ]

    @property
    def draft_points(self) -> list[tuple[str, float | None, bool]]:
        return [(p.period, p.value, False) for _, p in sorted(self.points.items()) if p.draft]


@dataclass(frozen=True)
class Unit:
    """A column of comparison: the own municipality, a group or riket."""

    key: str
    label: str
    note: str
    municipality_id: int | None = None
    group_id: int | None = None
    kind: str = ""


def comparison_units(
    committee: Committee, groups: Iterable[ComparisonGroup] | None = None
) -> list[Unit]:
    """The municipality, the committee's comparison groups (GR first, then liknande
    kommuner, then the others) and riket — one query, none if the groups are given and
    riket's row is in the cache."""
    municipality = committee.municipality
    units = [Unit(OWN, municipality.name, "kommunens värde", municipality_id=municipality.pk)]
    order: dict[str, int] = {
        ComparisonGroup.Kind.REGION: 0,
        ComparisonGroup.Kind.SIMILAR: 1,
        ComparisonGroup.Kind.OWN: 2,
        ComparisonGroup.Kind.NATIONAL: 3,
    }
    if groups is None:
        groups = committee.comparison_groups.all()
    for group in sorted(groups, key=lambda g: (order[g.kind], g.name)):
        note = (
            "ovägt medel av medlemmarna (Kolada)"
            if group.is_kolada
            else "ovägt medel av medlemmarna, beräknat av Nämndkollen"
        )
        units.append(
            Unit(f"group-{group.code}", group.name, note, group_id=group.pk, kind=group.kind)
        )
    riket = riket_id()
    if riket is not None:
        units.append(Unit(RIKET, "Riket", "rikets värde (Kolada)", municipality_id=riket))
    return units


def riket_id() -> int | None:
    """Riket's row (Kolada's 0000): looked up once and kept in the cache for a day."""
    key = f"riket-municipality-id:{RIKET_CODE}"
    found = cache.get(key)
    if found is None:
        found = Municipality.objects.filter(code=RIKET_CODE).values_list("pk", flat=True).first()
        if found is not None:
            cache.set(key, found, 24 * 3600)
    return found


def load_series(
    indicators: Iterable[Indicator],
    units: list[Unit],
    genders: Iterable[str] = ("T",),
    audience: Audience = READERS,
) -> dict[tuple[int, str, str], Series]:
    """(indicator id, gender, unit key) → Series, in one query.

    The own municipality's values are what was marked ready; the public sees only
    published ones, editors also their drafts (marked as such)."""
    indicators = list(indicators)
    genders = list(genders)
    by_municipality = {u.municipality_id: u for u in units if u.municipality_id}
    by_group = {u.group_id: u for u in units if u.group_id}
    rows = IndicatorValue.objects.filter(
        Q(municipality_id__in=by_municipality) | Q(group_id__in=by_group),
        indicator__in=indicators,
        gender__in=list(genders),
    ).values_list(
        "indicator_id",
        "municipality_id",
        "group_id",
        "period",
        "gender",
        "value",
        "source",
        # when the municipality's own values changed ("uppdaterad"); not read for the others
        Case(When(municipality_id=units[0].municipality_id, then="changed_at")),
    )
    series: dict[tuple[int, str, str], Series] = {}
    own_id = units[0].municipality_id
    for indicator_id, municipality_id, group_id, period, gender, value, source, changed in rows:
        if municipality_id == own_id and audience.hides(indicator_id, period):
            continue
        unit = by_municipality[municipality_id] if municipality_id else by_group[group_id]
        key = (indicator_id, gender, unit.key)
        if key not in series:
            series[key] = Series(unit.key, unit.label, unit.note)
        series[key].points[period] = Point(period, value, False, source, changed)
    ids = {i.pk for i in indicators}
    for (indicator_id, period, gender), value in audience.drafts.items():
        if indicator_id in ids and gender in genders:
            key = (indicator_id, gender, OWN)
            if key not in series:
                series[key] = Series(OWN, units[0].label, units[0].note)
            series[key].points[period] = Point(period, value, False, "own", None, draft=True)
    _mark_preliminary(indicators, series)
    return series


def _mark_preliminary(
    indicators: list[Indicator], series: dict[tuple[int, str, str], Series]
) -> None:
    """Kolada's latest year is preliminary until the indicator's publication date (the
    same rule as IndicatorValue.objects.with_preliminary, applied to what is loaded)."""
    today = timezone.localdate()
    pending = {i.pk for i in indicators if i.publication_date and i.publication_date > today}
    latest: dict[int, str] = {}
    for (indicator_id, _, _), line in series.items():
        for period, point in line.points.items():
            if point.source == IndicatorValue.Source.KOLADA and indicator_id in pending:
                latest[indicator_id] = max(latest.get(indicator_id, ""), period)
    for (indicator_id, _, _), line in series.items():
        last = latest.get(indicator_id, "")
        found = line.points.get(last)
        if found is not None and found.source == IndicatorValue.Source.KOLADA:
            line.points[last] = Point(last, found.value, True, found.source, found.changed_at)


# -- the indicator cards ---------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """The municipality against one comparison unit, in words as well as in colour."""

    label: str
    value: float
    relation: str  # "högre än", "lägre än", "lika med"
    better: bool | None  # None when neither higher nor lower is better, or equal

    @property
    def verdict(self) -> str:
        if self.better is None:
            return ""
        return "bättre" if self.better else "sämre"


@dataclass
class IndicatorCard:
    indicator: Indicator
    latest: Point | None
    previous: Point | None
    compared_period: str | None
    positions: list[Position]
    updated: datetime | None
    url: str = ""

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        if self.latest.value is None or self.previous.value is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def change_unit(self) -> str:
        return "procentenheter" if self.indicator.unit == "%" else self.indicator.unit

    @property
    def next_publication(self) -> date | None:
        today = timezone.localdate()
        dates = [
            d
            for d in (self.indicator.prel_publication_date, self.indicator.publication_date)
            if d and d >= today
        ]
        return min(dates) if dates else None


def relation(own: float, other: float, higher_is_better: bool | None) -> tuple[str, bool | None]:
    if abs(own - other) < 1e-9:
        return "lika med", None
    higher = own > other
    better = None if higher_is_better is None else higher == higher_is_better
    return ("högre än" if higher else "lägre än"), better


def card_for(
    indicator: Indicator, units: list[Unit], series: dict[tuple[int, str, str], Series]
) -> IndicatorCard:
    own = series.get((indicator.pk, "T", OWN))
    periods = own.periods if own else []
    latest = own.points[periods[-1]] if own and periods else None
    previous = None
    if own and latest:
        previous = own.points.get(previous_period(latest.period))
    others = [series.get((indicator.pk, "T", u.key)) for u in units[1:]]
    # Compare at the latest period where the municipality and some unit both have values.
    compared = next(
        (p for p in reversed(periods) if any(o and o.value(p) is not None for o in others)),
        None,
    )
    positions = []
    if own and compared:
        own_value = own.value(compared)
        for unit, other in zip(units[1:], others, strict=True):
            other_value = other.value(compared) if other else None
            if own_value is None or other_value is None:
                continue
            words, better = relation(own_value, other_value, indicator.higher_is_better)
            positions.append(Position(unit.label, other_value, words, better))
    changes = [p.changed_at for p in own.points.values() if p.changed_at] if own else []
    return IndicatorCard(
        indicator, latest, previous, compared, positions, max(changes, default=None)
    )


@dataclass(frozen=True)
class Ranking:
    period: str
    rows: list[tuple[int, str, float, bool]]  # place, municipality, value, is own

    @property
    def own_place(self) -> int | None:
        return next((place for place, _, _, own in self.rows if own), None)


def region_group(
    committee: Committee, groups: Iterable[ComparisonGroup] | None = None
) -> ComparisonGroup | None:
    """The committee's region group (Göteborgsregionen)."""
    candidates = committee.comparison_groups.all() if groups is None else groups
    return next((g for g in candidates if g.kind == ComparisonGroup.Kind.REGION), None)


def member_values(
    group: ComparisonGroup, indicator: Indicator, gender: str, period: str | None = None
) -> tuple[str | None, list[tuple[str, str, float]]]:
    """The latest year (or `period`) with values for the group's members: (code, name,
    value) per member that has one — one query."""
    members = IndicatorValue.objects.filter(
        indicator=indicator,
        gender=gender,
        municipality__groups=group,
        value__isnull=False,
    )
    members = members.filter(period=period) if period else members.filter(period__regex=r"^\d{4}$")
    by_period: dict[str, list[tuple[str, str, float]]] = {}
    for code, name, year, value in members.values_list(
        "municipality__code", "municipality__name", "period", "value"
    ):
        if value is not None:
            by_period.setdefault(year, []).append((code, name, value))
    if not by_period:
        return None, []
    latest = max(by_period)
    return latest, by_period[latest]


MIN_RANKED = 3  # a ranking of one or two municipalities says nothing


def gr_ranking(
    committee: Committee,
    indicator: Indicator,
    gender: str,
    groups: Iterable[ComparisonGroup] | None = None,
) -> Ranking | None:
    """The GR members ordered best first (highest first when neither is better)."""
    group = region_group(committee, groups)
    if group is None:
        return None
    period, values = member_values(group, indicator, gender)
    if not period or len(values) < MIN_RANKED:
        return None
    ordered = sorted(
        values, key=lambda row: row[2], reverse=indicator.higher_is_better is not False
    )
    own = committee.municipality.code
    return Ranking(
        period,
        [(place, name, value, code == own) for place, (code, name, value) in enumerate(ordered, 1)],
    )
