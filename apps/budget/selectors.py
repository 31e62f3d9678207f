"""Budget figures per cost centre, rolled up the tree, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Max, QuerySet, Subquery, Sum
from django.utils.functional import cached_property

from apps.budget.forecast import year_end_forecast
from apps.budget.kostnadsslag import ORDER, REVENUE, Kostnadsslag
from apps.budget.models import CostCentre, Investment, LedgerEntry, LedgerMonthSummary
from apps.organisations.models import Committee

EXPORT_FIELDS = [
    "ansvar", "namn", "overordnat", "utfall_intakter", "utfall_kostnader", "utfall_netto",
    "budget_intakter", "budget_kostnader", "budget_netto", "avvikelse_netto", "prognos_netto",
    "prognos_beraknad_netto",
]  # fmt: skip
AMOUNT_FIELDS = EXPORT_FIELDS[3:]
# The file's column headings; `{unit}` is "kr" (export_budget) or "tkr" (the page's files).
EXPORT_HEADINGS = {
    "ansvar": "Ansvar", "namn": "Namn", "overordnat": "Överordnat ansvar",
    "utfall_intakter": "Utfall intäkter ({unit})",
    "utfall_kostnader": "Utfall kostnader ({unit})",
    "utfall_netto": "Utfall netto ({unit})",
    "budget_intakter": "Budget intäkter ({unit})",
    "budget_kostnader": "Budget kostnader ({unit})",
    "budget_netto": "Budget netto ({unit})",
    "avvikelse_netto": "Avvikelse netto ({unit})",
    "prognos_netto": "Prognos netto ({unit})",
    "prognos_beraknad_netto": "Beräknad prognos netto ({unit})",
}  # fmt: skip


def export_headings(unit: str) -> dict[str, str]:
    return {key: heading.format(unit=unit) for key, heading in EXPORT_HEADINGS.items()}


def in_tkr(row: dict[str, Any]) -> dict[str, Any]:
    """An export row with its amounts in tkr (one decimal), as the budget page shows them."""
    return {
        key: round(value / 1000, 1) if key in AMOUNT_FIELDS and value is not None else value
        for key, value in row.items()
    }


Months = tuple[float, ...]  # 13 amounts: index 1–12 the months, 0 a whole year's budget
NO_AMOUNTS: Months = (0.0,) * 13


# Slots and tuples: the budget page holds a Ledger per cost centre while it is built, and the
# garbage collector ignores tuples of numbers and a slotted object's missing __dict__; with
# lists, some 3 000 objects per page were carried into its oldest generation, whose full
# collections (about 100 ms with Django loaded) made the page's slowest requests.
@dataclass(slots=True)
class Ledger:
    """A cost centre's amounts for one year: index 1–12 are months, 0 the annual budget."""

    outcome_revenue: Months = NO_AMOUNTS
    outcome_cost: Months = NO_AMOUNTS
    budget_revenue: Months = NO_AMOUNTS
    budget_cost: Months = NO_AMOUNTS
    forecasts: dict[int, float] = field(default_factory=dict)  # month made → full-year netto
    last_year_volume: Months = NO_AMOUNTS
    has_outcome: bool = False
    has_budget: bool = False
    outcome_months: set[int] = field(default_factory=set)  # months with outcome rows

    def add(self, other: Ledger) -> None:
        self.outcome_revenue = _sum(self.outcome_revenue, other.outcome_revenue)
        self.outcome_cost = _sum(self.outcome_cost, other.outcome_cost)
        self.budget_revenue = _sum(self.budget_revenue, other.budget_revenue)
        self.budget_cost = _sum(self.budget_cost, other.budget_cost)
        self.last_year_volume = _sum(self.last_year_volume, other.last_year_volume)
        for month, value in other.forecasts.items():
            self.forecasts[month] = self.forecasts.get(month, 0.0) + value
        self.has_outcome |= other.has_outcome
        self.has_budget |= other.has_budget
        self.outcome_months |= other.outcome_months

    def budget_to(self, month: int, revenue: bool) -> float:
        """Budget so far: the monthly budget, plus an annual budget spread evenly."""
        amounts = self.budget_revenue if revenue else self.budget_cost
        return sum(amounts[1 : month + 1]) + amounts[0] * month / 12

    def budget_year(self) -> float:
        return sum(self.budget_revenue) + sum(self.budget_cost)

    def monthly_budget_netto(self) -> list[float]:
        return [
            self.budget_revenue[m] + self.budget_cost[m]
            + (self.budget_revenue[0] + self.budget_cost[0]) / 12
            for m in range(1, 13)
        ]  # fmt: skip

    def monthly_outcome_netto(self) -> list[float]:
        return [self.outcome_revenue[m] + self.outcome_cost[m] for m in range(1, 13)]


def _sum(amounts: Months, other: Months) -> Months:
    return tuple([a + b for a, b in zip(amounts, other, strict=True)])


class Centre(NamedTuple):
    """A cost centre as its figures need it: a tuple of plain values, which the garbage
    collector stops looking at (500 model instances were 1 500 objects it kept)."""

    pk: int | None
    code: str
    name: str
    parent_id: int | None


WHOLE_COMMITTEE = Centre(None, "", "Hela nämnden", None)


@dataclass
class CentreFigures:
    centre: CostCentre | Centre
    depth: int
    has_children: bool
    ledger: Ledger
    month: int
    parent_code: str | None = None

    @cached_property
    def outcome_revenue(self) -> float:
        return sum(self.ledger.outcome_revenue[1 : self.month + 1])

    @cached_property
    def outcome_cost(self) -> float:
        return sum(self.ledger.outcome_cost[1 : self.month + 1])

    @cached_property
    def outcome(self) -> float:
        return self.outcome_revenue + self.outcome_cost

    @cached_property
    def budget_revenue(self) -> float:
        return self.ledger.budget_to(self.month, revenue=True)

    @cached_property
    def budget_cost(self) -> float:
        return self.ledger.budget_to(self.month, revenue=False)

    @cached_property
    def budget(self) -> float:
        return self.budget_revenue + self.budget_cost

    @cached_property
    def deviation(self) -> float:
        return self.outcome - self.budget

    @cached_property
    def budget_year(self) -> float:
        return self.ledger.budget_year()

    @cached_property
    def forecast(self) -> float | None:
        """The latest manual forecast made up to the month shown."""
        made = [m for m in self.ledger.forecasts if m <= self.month]
        return self.ledger.forecasts[max(made)] if made else None

    @cached_property
    def forecast_deviation(self) -> float | None:
        return None if self.forecast is None else self.forecast - self.budget_year

    @cached_property
    def computed_forecast(self) -> float:
        volume = self.ledger.last_year_volume[1:]
        return year_end_forecast(
            months_in=self.month,
            outcome_to_date=self.outcome,
            budget_to_date=self.budget,
            budget_year=self.budget_year,
            last_year_volume=volume if all(v > 0 for v in volume) else None,
        )

    @cached_property
    def computed_forecast_deviation(self) -> float:
        return self.computed_forecast - self.budget_year

    def export_row(self) -> dict[str, Any]:
        budgeted = self.ledger.has_budget
        return {
            "ansvar": self.centre.code,
            "namn": self.centre.name,
            "overordnat": self.parent_code,
            "utfall_intakter": _kr(self.outcome_revenue),
            "utfall_kostnader": _kr(self.outcome_cost),
            "utfall_netto": _kr(self.outcome),
            "budget_intakter": _kr(self.budget_revenue) if budgeted else None,
            "budget_kostnader": _kr(self.budget_cost) if budgeted else None,
            "budget_netto": _kr(self.budget) if budgeted else None,
            "avvikelse_netto": _kr(self.deviation) if budgeted else None,
            "prognos_netto": None if self.forecast is None else _kr(self.forecast),
            "prognos_beraknad_netto": _kr(self.computed_forecast) if budgeted else None,
        }


def _kr(value: float) -> float:
    return round(value, 2)


@dataclass
class BudgetOverview:
    committee: Committee
    year: int
    month: int
    rows: list[CentreFigures]
    total: CentreFigures | None

    @property
    def is_empty(self) -> bool:
        return not self.rows


def last_month_loaded(committee: Committee, year: int) -> int:
    return (
        LedgerEntry.objects.filter(committee=committee, year=year, kind="utfall").aggregate(
            last=Max("month")
        )["last"]
        or 0
    )


# Each month summed over the kostnadsslag, as s0–s12 (m0–m12 are the summary's own fields).
MONTH_SUMS = {f"s{m}": Sum(f"m{m}") for m in range(13)}
SIDE_COLUMNS = ["cost_centre_id", "kind", "year", "is_revenue"]


def side_sums(summaries: QuerySet[LedgerMonthSummary]) -> Iterator[tuple[Any, ...]]:
    """The summaries summed in SQL over their kostnadsslag: one row per cost centre, kind,
    year and side (intäkter or kostnader), SIDE_COLUMNS then the months 0–12. A month
    without any amount stays NULL (None), as in the summaries."""
    return streamed(
        summaries.order_by()
        .values(*SIDE_COLUMNS)
        .annotate(**MONTH_SUMS)
        .values_list(*SIDE_COLUMNS, *MONTH_SUMS)
    )


def fetched(query: QuerySet[Any]) -> list[tuple[Any, ...]]:
    return list(streamed(query))


def streamed(query: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """A values_list query's rows as the database driver returns them, one at a time.

    Django's converters (a float() for every summed month) cost more than the query on the
    budget page; and a row read one at a time is gone before the garbage collector looks,
    where 2 000 rows held in a list are carried into its oldest generation, whose full
    collections (some 150 ms with Django loaded) were the budget page's slowest requests."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor


def centre_ledgers(committee: Committee, year: int) -> dict[int, Ledger]:
    """Each cost centre's own ledger for the year (and last year's monthly volume), from
    LedgerMonthSummary — one query."""
    summaries = LedgerMonthSummary.objects.filter(committee=committee, year__in=[year, year - 1])
    return fold_ledgers(side_sums(summaries), year)


def fold_ledgers(amounts: Iterable[tuple[Any, ...]], year: int) -> dict[int, Ledger]:
    """Summed rows (side_sums) into a Ledger per cost centre for `year`."""
    ledgers: dict[int, Ledger] = defaultdict(Ledger)
    outcome, budget = str(LedgerEntry.Kind.OUTCOME), str(LedgerEntry.Kind.BUDGET)
    for centre_id, kind, entry_year, is_revenue, *months in amounts:
        ledger = ledgers[centre_id]
        if entry_year == year - 1:
            if kind == outcome:
                volume = zip(ledger.last_year_volume, months, strict=True)
                ledger.last_year_volume = tuple([v + abs(a or 0.0) for v, a in volume])
        elif kind == outcome:
            if is_revenue:
                ledger.outcome_revenue = _plus(ledger.outcome_revenue, months)
            else:
                ledger.outcome_cost = _plus(ledger.outcome_cost, months)
            ledger.outcome_months.update(m for m, a in enumerate(months) if m and a is not None)
            ledger.has_outcome = True
        elif kind == budget:
            if is_revenue:
                ledger.budget_revenue = _plus(ledger.budget_revenue, months)
            else:
                ledger.budget_cost = _plus(ledger.budget_cost, months)
            ledger.has_budget = True
        else:
            for m, amount in enumerate(months):
                if amount is not None:
                    ledger.forecasts[m] = ledger.forecasts.get(m, 0.0) + amount
    return ledgers


def _plus(amounts: Months, months: list[float | None]) -> Months:
    """The amounts plus a summed row's months (None: no amount)."""
    return tuple([a + (b or 0.0) for a, b in zip(amounts, months, strict=True)])


@dataclass
class BudgetTotal:
    """The whole committee's figures for the latest year loaded, up to its last month."""

    year: int
    month: int
    total: CentreFigures


def latest_utfall_period(committee: Committee) -> tuple[int, int] | None:
    """(year, month) of the latest month with utfall loaded for the committee, or None.

    The default period of the budget page, the overview's budget card and the committee
    report. One query, on the summaries the imports keep."""
    summaries = LedgerMonthSummary.objects.filter(
        committee=committee, kind=LedgerEntry.Kind.OUTCOME
    )
    latest = summaries.order_by("-year").values("year")[:1]
    rows = summaries.filter(year=Subquery(latest)).values_list(
        "year", *LedgerMonthSummary.MONTH_FIELDS[1:]
    )
    best: tuple[int, int] | None = None
    for year, *months in rows:
        month = max((m for m, v in enumerate(months, start=1) if v is not None), default=0)
        if month and (best is None or month > best[1]):
            best = (year, month)
    return best


def whole_committee(ledgers: Iterable[Ledger]) -> Ledger | None:
    """The cost centres' ledgers added up; None when they hold neither utfall nor budget."""
    total = Ledger()
    for ledger in ledgers:
        total.add(ledger)
    return total if total.has_outcome or total.has_budget else None


def budget_total(committee: Committee) -> BudgetTotal | None:
    """The committee's totals for the latest year with utfall, up to its latest month with
    utfall (or, before any utfall, the latest year loaded), without the tree (the overview's
    budget cards) — one query: the summaries of that year and the year before."""
    summaries = LedgerMonthSummary.objects.filter(committee=committee)
    latest = summaries.filter(kind=LedgerEntry.Kind.OUTCOME).order_by("-year").values("year")[:1]
    amounts = list(
        side_sums(summaries.filter(year__gte=Subquery(latest) - 1, year__lte=Subquery(latest)))
    )
    if not amounts:  # no utfall yet: the latest year loaded (a budget)
        latest = summaries.order_by("-year").values("year")[:1]
        amounts = list(side_sums(summaries.filter(year__gte=Subquery(latest) - 1)))
    if not amounts:
        return None
    year = max(row[2] for row in amounts)
    total = whole_committee(fold_ledgers(amounts, year).values())
    if total is None:
        return None
    month = max(total.outcome_months, default=12)  # as latest_utfall_period, without a query
    figures = CentreFigures(WHOLE_COMMITTEE, -1, True, total, month)
    return BudgetTotal(year, month, figures)


def budget_overview(committee: Committee, year: int, month: int | None = None) -> BudgetOverview:
    """Every cost centre's figures for the year up to `month` (default: the last loaded),
    parents rolled up from their children, in tree order. Three queries in all."""
    month = month or last_month_loaded(committee, year) or 12
    centres = [
        Centre(*row)
        for row in CostCentre.objects.filter(committee=committee).values_list(
            "pk", "code", "name", "parent_id"
        )
    ]
    codes = {centre.pk: centre.code for centre in centres}
    ledgers = centre_ledgers(committee, year)
    if not ledgers:  # no ledger for the year: nothing to show, not a tree of zeros
        return BudgetOverview(committee, year, month, [], None)
    children: dict[int | None, list[Centre]] = defaultdict(list)
    for centre in centres:
        children[centre.parent_id].append(centre)
    rows: list[CentreFigures] = []

    def visit(centre: Centre, depth: int) -> Ledger:
        # The centre's own ledger (each is visited once) becomes its row's, plus its children's.
        own = ledgers.pop(centre.pk, None) if centre.pk is not None else None
        ledger = own or Ledger()
        row = CentreFigures(centre, depth, bool(children[centre.pk]), ledger, month)
        row.parent_code = codes.get(centre.parent_id) if centre.parent_id else None
        rows.append(row)
        for child in sorted(children[centre.pk], key=lambda c: c.code):
            ledger.add(visit(child, depth + 1))
        return ledger

    total_ledger = Ledger()
    for root in sorted(children[None], key=lambda c: c.code):
        total_ledger.add(visit(root, 0))
    total = None
    if rows:
        total = CentreFigures(WHOLE_COMMITTEE, -1, True, total_ledger, month)
    return BudgetOverview(committee, year, month, rows, total)


def budget_export_rows(
    committee: Committee, year: int, month: int | None = None
) -> list[dict[str, Any]]:
    return [row.export_row() for row in budget_overview(committee, year, month).rows]


# -- the Drift table: the whole committee by kostnadsslag, as annual reports print it ------


@dataclass
class DriftLine:
    label: str
    budget: float
    outcome: float
    last_year: float | None  # the same months of last year's utfall, where loaded
    is_sum: bool = False

    @property
    def deviation(self) -> float:
        return self.outcome - self.budget

    @property
    def change(self) -> float | None:
        return None if self.last_year is None else self.outcome - self.last_year


@dataclass
class DriftTable:
    year: int
    month: int
    lines: list[DriftLine]
    has_last_year: bool


def drift_table(committee: Committee, year: int, month: int) -> DriftTable | None:
    """Budget and utfall to `month` per kostnadsslag (and last year's utfall for the same
    months), with the sums of the Drift table: verksamhetens intäkter, kostnader and
    nettokostnader, then kommunbidrag and the result. One query."""
    # Summed in SQL over the cost centres: a row per kind, year and kostnadsslag.
    rows = fetched(
        LedgerMonthSummary.objects.filter(
            committee=committee, year__in=[year, year - 1], kind__in=["utfall", "budget"]
        )
        .order_by()
        .values("kind", "year", "account")
        .annotate(**MONTH_SUMS)
        .values_list("kind", "year", "account", *MONTH_SUMS)
    )
    budget: dict[str, float] = defaultdict(float)
    outcome: dict[str, float] = defaultdict(float)
    last: dict[str, float] = defaultdict(float)
    has_last_year = False
    for kind, entry_year, account, *months in rows:
        values = [v or 0.0 for v in months]
        if kind == "budget" and entry_year == year:
            budget[account] += sum(values[1 : month + 1]) + values[0] * month / 12
        elif kind == "utfall" and entry_year == year:
            outcome[account] += sum(values[1 : month + 1])
        elif kind == "utfall":
            last[account] += sum(values[1 : month + 1])
            has_last_year = True
    if not budget and not outcome:
        return None

    def line(label: str, accounts: list[str], is_sum: bool = False) -> DriftLine:
        return DriftLine(
            label,
            sum(budget[a] for a in accounts),
            sum(outcome[a] for a in accounts),
            sum(last[a] for a in accounts) if has_last_year else None,
            is_sum,
        )

    used = set(budget) | set(outcome) | set(last)
    revenue = [s.value for s in ORDER if s in REVENUE and s != Kostnadsslag.KOMMUNBIDRAG]
    costs = [s.value for s in ORDER if s not in REVENUE]
    lines: list[DriftLine] = []
    shown_revenue = [a for a in revenue if a in used]
    if len(shown_revenue) > 1:
        lines += [line(Kostnadsslag(a).label, [a]) for a in shown_revenue]
    lines.append(line("Verksamhetens intäkter", revenue, True))
    lines += [line(Kostnadsslag(a).label, [a]) for a in costs if a in used]
    lines.append(line("Verksamhetens kostnader", costs, True))
    lines.append(line("Verksamhetens nettokostnader", revenue + costs, True))
    if Kostnadsslag.KOMMUNBIDRAG.value in used:
        lines.append(line("Kommunbidrag", [Kostnadsslag.KOMMUNBIDRAG.value]))
        lines.append(line("Resultat", [*revenue, *costs, Kostnadsslag.KOMMUNBIDRAG.value], True))
    return DriftTable(year, month, lines, has_last_year)


# -- investeringar -------------------------------------------------------------------------


@dataclass
class InvestmentLine:
    project: str
    name: str
    budget: float | None
    outcome: float | None

    @property
    def deviation(self) -> float | None:
        """Budget left (budget − utfall): positive is money not spent."""
        if self.budget is None and self.outcome is None:
            return None
        return (self.budget or 0.0) - (self.outcome or 0.0)


def investment_lines(committee: Committee, year: int) -> list[InvestmentLine]:
    """Budget and utfall per investment project for the year, and a total line last (none
    when no project is loaded)."""
    lines: dict[str, InvestmentLine] = {}
    for project, name, kind, amount in Investment.objects.filter(
        committee=committee, year=year
    ).values_list("project", "name", "kind", "amount"):
        line = lines.setdefault(project, InvestmentLine(project, name, None, None))
        if kind == Investment.Kind.BUDGET:
            line.budget = float(amount)
        else:
            line.outcome = float(amount)
    if not lines:
        return []
    result = sorted(lines.values(), key=lambda line: line.project)
    total = InvestmentLine(
        "", "Totalt",
        sum(line.budget or 0.0 for line in result), sum(line.outcome or 0.0 for line in result),
    )  # fmt: skip
    return [*result, total]


# -- the committee report's budget section --------------------------------------------------


@dataclass
class BudgetReport:
    """The budget section of the committee report (templates/budget/_report_section.html)."""

    committee: Committee
    year: int
    month: int
    top: CentreFigures  # the committee's top node (or the whole committee)
    areas: list[CentreFigures]  # the verksamhetsområden: the level below the top node
    investments: list[InvestmentLine]


def areas_of(overview: BudgetOverview) -> tuple[CentreFigures | None, list[CentreFigures]]:
    """The committee's top node and its verksamhetsområden (see report_areas); (None, [])
    without a ledger."""
    children: dict[int | None, list[CentreFigures]] = defaultdict(list)
    for row in overview.rows:
        children[row.centre.parent_id].append(row)
    roots = children[None]
    top = overview.total
    areas = roots
    if len(roots) == 1:
        top = roots[0]
        while len(children[top.centre.pk]) == 1:
            top = children[top.centre.pk][0]
        areas = children[top.centre.pk] or [top]
    return top, areas


def report_areas(committee: Committee, year: int, month: int) -> BudgetReport | None:
    """The budget per verksamhetsområde for the committee report, or None without a ledger.

    The verksamhetsområden are the level below the committee's top node, wherever that sits:
    from the root, a node with a single child is passed through (a kommun or förvaltning
    above the nämnd), and the children of the first node with several are the areas (with
    several roots, the roots are). Each area has utfall, budget, avvikelse (to `month`), the
    year's budget, the controller's prognos and the computed forecast.

    Template contract: include "budget/_report_section.html" with the context variable
    `budget_report` set to this function's return value (None renders nothing). The partial
    is a plain HTML table in tkr that fits an A4 page (WeasyPrint), with the investment
    projects of the year below it when any are loaded.
    """
    top, areas = areas_of(budget_overview(committee, year, month))
    if top is None:
        return None
    return BudgetReport(committee, year, top.month, top, areas, investment_lines(committee, year))
