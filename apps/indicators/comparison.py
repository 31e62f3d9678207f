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
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from apps.core.periods import period_label, previous_period
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.indicators.models.values import preliminary_period
from apps.indicators.selectors import READERS, Audience, value_source_label
from apps.organisations.areas import indicator_in_area
from apps.organisations.models import (
    ALL_MUNICIPALITIES_CODE,
    RIKET_CODE,
    Committee,
    ComparisonGroup,
    Municipality,
)

OWN, RIKET = "own", "riket"
GENDERS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

# What each kind of figure is, in words (the notes under a unit's name, the legends).
OWN_NOTE = "kommunens värde"
RIKET_LABEL = "Riket"
RIKET_NOTE = "Riket (Kolada)"
ALL_MUNICIPALITIES_LABEL = "Kommungenomsnitt"
ALL_MUNICIPALITIES_NOTE = "Kommungenomsnitt, ovägt medel av alla kommuner (Kolada)"
KOLADA_GROUP_NOTE = "ovägt medel av {count} kommuner (Kolada)"
KOLADA_GROUP_NOTE_UNKNOWN = "ovägt medel av medlemmarna (Kolada)"
OWN_GROUP_NOTE = "ovägt medel, beräknat av Nämndkollen"


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    preliminary: bool = False
    source: str = ""
    changed_at: datetime | None = None
    draft: bool = False  # a controller's draft, shown only to editors and marked "Utkast"
    source_name: str = ""  # the document a figure was taken from

    @property
    def label(self) -> str:
        return period_label(self.period)

    @property
    def source_label(self) -> str:
        return value_source_label(self.source, self.source_name)


@dataclass
class Series:
    """One line of an indicator chart: the municipality, a comparison group or riket."""

    key: str
    label: str
    note: str  # what the figure is: the municipality's value, an unweighted mean, ...
    points: dict[str, Point] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        """Where the series' figures come from, in words ("Kolada", a document's name)."""
        return sorted({p.source_label for p in self.points.values() if not p.draft})

    @property
    def is_raw_kolada(self) -> bool:
        """Every figure is Kolada's own (not a document's, an own entry or a mean computed
        here): only then does "Källa: Kolada" stand next to it."""
        return bool(self.points) and all(
            p.source == IndicatorValue.Source.KOLADA for p in self.points.values()
        )

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
    area: str = ""  # a group's area of activity ("" applies to every indicator)
    chosen_for: frozenset[int] = frozenset()  # indicators the committee chose this group for
    not_chosen_for: frozenset[int] = frozenset()  # indicators with a choice without it

    def applies_to(self, indicator: Indicator) -> bool:
        """Whether the unit is shown for an indicator: the municipality and riket always;
        a group if the committee chose it for the indicator, or, where the committee made
        no choice for it, if the indicator is in the group's area (Kolada's
        operating_area or the words of its title; see apps/organisations/areas.py)."""
        if self.group_id is None:
            return True
        if indicator.pk in self.chosen_for:
            return True
        if indicator.pk in self.not_chosen_for:
            return False
        return indicator_in_area(self.area, indicator.title, indicator.operating_area)


def group_note(group: ComparisonGroup, member_count: int | None) -> str:
    """What a group's figure is: Kolada's unweighted mean of N municipalities (G2328's of
    all of them), or an unweighted mean computed here."""
    if group.code == ALL_MUNICIPALITIES_CODE:
        return ALL_MUNICIPALITIES_NOTE
    if not group.is_kolada:
        return OWN_GROUP_NOTE
    if member_count:
        return KOLADA_GROUP_NOTE.format(count=member_count)
    return KOLADA_GROUP_NOTE_UNKNOWN


def comparison_units(
    committee: Committee, groups: Iterable[ComparisonGroup] | None = None
) -> list[Unit]:
    """The municipality, the committee's comparison groups (GR first, then liknande
    kommuner, then the others, kommungenomsnittet last) and riket, each with a note on what
    its figure is — three queries (groups with their member counts unless the groups come
    counted, as from committee_comparison_groups; the committee's per-indicator choices;
    riket's row unless cached)."""
    municipality = committee.municipality
    units = [Unit(OWN, municipality.name, OWN_NOTE, municipality_id=municipality.pk)]
    order: dict[str, int] = {
        ComparisonGroup.Kind.REGION: 0,
        ComparisonGroup.Kind.SIMILAR: 1,
        ComparisonGroup.Kind.OWN: 2,
        ComparisonGroup.Kind.NATIONAL: 3,
    }
    if groups is None:
        groups = committee.comparison_groups.all()
    groups = list(groups)
    if all(hasattr(group, "member_count") for group in groups):  # counted by the caller
        counts = {group.pk: getattr(group, "member_count") for group in groups}  # noqa: B009
    else:
        counts = dict(
            ComparisonGroup.objects.filter(pk__in=[g.pk for g in groups])
            .annotate(member_count=Count("members"))
            .values_list("pk", "member_count")
        )
    chosen: dict[int, set[int]] = {}
    chose: set[int] = set()
    for indicator_id, group_id in CommitteeIndicator.comparison_groups.through.objects.filter(
        committeeindicator__committee=committee
    ).values_list("committeeindicator__indicator_id", "comparisongroup_id"):
        chosen.setdefault(group_id, set()).add(indicator_id)
        chose.add(indicator_id)
    for group in sorted(
        groups,
        key=lambda g: (order[g.kind], g.code == ALL_MUNICIPALITIES_CODE, g.name),
    ):
        label = ALL_MUNICIPALITIES_LABEL if group.code == ALL_MUNICIPALITIES_CODE else group.name
        mine = frozenset(chosen.get(group.pk, ()))
        units.append(
            Unit(
                f"group-{group.code}",
                label,
                group_note(group, counts.get(group.pk)),
                group_id=group.pk,
                kind=group.kind,
                area=group.area,
                chosen_for=mine,
                not_chosen_for=frozenset(chose - mine),
            )
        )
    riket = riket_id()
    if riket is not None:
        units.append(Unit(RIKET, RIKET_LABEL, RIKET_NOTE, municipality_id=riket))
    return units


def units_for(indicator: Indicator, units: list[Unit]) -> list[Unit]:
    """The units shown for one indicator (see Unit.applies_to)."""
    return [unit for unit in units if unit.applies_to(indicator)]


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
    today: date | None = None,
) -> dict[tuple[int, str, str], Series]:
    """(indicator id, gender, unit key) → Series, in one query.

    Only the units that apply to an indicator get a series for it (a "Liknande kommuner
    LSS" group has none for an äldreomsorg KPI). The own municipality's values are what
    was marked ready; the public sees only published ones, editors also their drafts
    (marked as such). A series whose figures were taken from a document says so in its
    note, by the document's name, instead of "(Kolada)"."""
    indicators = list(indicators)
    by_id = {i.pk: i for i in indicators}
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
        "source_name",
        # when the municipality's own values changed ("uppdaterad"); not read for the others
        Case(When(municipality_id=units[0].municipality_id, then="changed_at")),
    )
    series: dict[tuple[int, str, str], Series] = {}
    own_id = units[0].municipality_id
    for (
        indicator_id,
        municipality_id,
        group_id,
        period,
        gender,
        value,
        source,
        source_name,
        changed,
    ) in rows:
        if municipality_id == own_id and audience.hides(indicator_id, period):
            continue
        unit = by_municipality[municipality_id] if municipality_id else by_group[group_id]
        if not unit.applies_to(by_id[indicator_id]):
            continue
        key = (indicator_id, gender, unit.key)
        if key not in series:
            series[key] = Series(unit.key, unit.label, unit.note)
        series[key].points[period] = Point(
            period, value, False, source, changed, source_name=source_name
        )
    ids = {i.pk for i in indicators}
    for (indicator_id, period, gender), value in audience.drafts.items():
        if indicator_id in ids and gender in genders:
            key = (indicator_id, gender, OWN)
            if key not in series:
                series[key] = Series(OWN, units[0].label, units[0].note)
            series[key].points[period] = Point(period, value, False, "own", None, draft=True)
    _mark_preliminary(indicators, series, today)
    for line in series.values():
        line.note = source_note(line)
    return series


def source_note(line: Series) -> str:
    """A series' note with its true source: a figure taken from a document carries that
    document's name instead of "(Kolada)"."""
    documents = sorted(
        {
            p.source_label
            for p in line.points.values()
            if not p.draft and p.source == IndicatorValue.Source.DOCUMENT
        }
    )
    if not documents:
        return line.note
    named = ", ".join(documents)
    base = line.note.removesuffix(" (Kolada)")
    if any(p.source == IndicatorValue.Source.KOLADA for p in line.points.values()):
        return f"{base} (Kolada; vissa värden ur {named})"
    return f"{base} (ur {named})"


def _mark_preliminary(
    indicators: list[Indicator],
    series: dict[tuple[int, str, str], Series],
    today: date | None = None,
) -> None:
    """Mark Kolada's preliminary figures by the one rule, `preliminary_period` (which
    IndicatorValue.objects.with_preliminary applies in the database)."""
    today = today or timezone.localdate()
    pending = {
        i.pk: period for i in indicators if (period := preliminary_period(i, today)) is not None
    }
    for (indicator_id, _, _), line in series.items():
        period = pending.get(indicator_id)
        found = line.points.get(period) if period else None
        if found is not None and found.source == IndicatorValue.Source.KOLADA:
            line.points[found.period] = Point(
                found.period,
                found.value,
                True,
                found.source,
                found.changed_at,
                source_name=found.source_name,
            )


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
