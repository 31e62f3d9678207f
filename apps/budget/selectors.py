"""Budget figures per cost centre, rolled up the tree, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Max, Subquery

from apps.budget.forecast import year_end_forecast
from apps.budget.models import CostCentre, LedgerEntry, LedgerMonthSummary
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


@dataclass
class Ledger:
    """A cost centre's amounts for one year: index 1–12 are months, 0 the annual budget."""

    outcome_revenue: list[float] = field(default_factory=lambda: [0.0] * 13)
    outcome_cost: list[float] = field(default_factory=lambda: [0.0] * 13)
    budget_revenue: list[float] = field(default_factory=lambda: [0.0] * 13)
    budget_cost: list[float] = field(default_factory=lambda: [0.0] * 13)
    forecasts: dict[int, float] = field(default_factory=dict)  # month made → full-year netto
    last_year_volume: list[float] = field(default_factory=lambda: [0.0] * 13)
    has_outcome: bool = False
    has_budget: bool = False
    outcome_months: set[int] = field(default_factory=set)  # months with outcome rows

    def add(self, other: Ledger) -> None:
        self.outcome_revenue = [
            a + b for a, b in zip(self.outcome_revenue, other.outcome_revenue, strict=True)
        ]
        self.outcome_cost = [
            a + b for a, b in zip(self.outcome_cost, other.outcome_cost, strict=True)
        ]
        self.budget_revenue = [
            a + b for a, b in zip(self.budget_revenue, other.budget_revenue, strict=True)
        ]
        self.budget_cost = [a + b for a, b in zip(self.budget_cost, other.budget_cost, strict=True)]
        self.last_year_volume = [
            a + b for a, b in zip(self.last_year_volume, other.last_year_volume, strict=True)
        ]
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


@dataclass
class CentreFigures:
    centre: CostCentre
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


SUMMARY_COLUMNS = ["cost_centre_id", "kind", "year", "is_revenue", *LedgerMonthSummary.MONTH_FIELDS]


def centre_ledgers(committee: Committee, year: int) -> dict[int, Ledger]:
    """Each cost centre's own ledger for the year (and last year's monthly volume), from
    LedgerMonthSummary — one query."""
    # One row per cost centre, kind, year and side, the months as columns (kept by imports).
    amounts = LedgerMonthSummary.objects.filter(
        committee=committee, year__in=[year, year - 1]
    ).values_list(*SUMMARY_COLUMNS)
    return fold_ledgers(list(amounts), year)


def fold_ledgers(amounts: list[tuple[Any, ...]], year: int) -> dict[int, Ledger]:
    """Summary rows (SUMMARY_COLUMNS) into a Ledger per cost centre for `year`."""
    ledgers: dict[int, Ledger] = defaultdict(Ledger)
    for centre_id, kind, entry_year, is_revenue, *months in amounts:
        ledger = ledgers[centre_id]
        if entry_year == year - 1:
            if kind == LedgerEntry.Kind.OUTCOME:
                for m, amount in enumerate(months):
                    ledger.last_year_volume[m] += abs(amount or 0.0)
        elif kind == LedgerEntry.Kind.OUTCOME:
            target = ledger.outcome_revenue if is_revenue else ledger.outcome_cost
            for m, amount in enumerate(months):
                target[m] += amount or 0.0
                if amount is not None and m:
                    ledger.outcome_months.add(m)
            ledger.has_outcome = True
        elif kind == LedgerEntry.Kind.BUDGET:
            target = ledger.budget_revenue if is_revenue else ledger.budget_cost
            for m, amount in enumerate(months):
                target[m] += amount or 0.0
            ledger.has_budget = True
        else:
            for m, amount in enumerate(months):
                if amount is not None:
                    ledger.forecasts[m] = ledger.forecasts.get(m, 0.0) + amount
    return ledgers


@dataclass
class BudgetTotal:
    """The whole committee's figures for the latest year loaded, up to its last month."""

    year: int
    month: int
    total: CentreFigures


def budget_total(committee: Committee) -> BudgetTotal | None:
    """The committee's totals for its latest year, without the tree (the overview's budget
    cards) — one query: the summaries of the latest year loaded and the year before."""
    summaries = LedgerMonthSummary.objects.filter(committee=committee)
    latest = summaries.order_by("-year").values("year")[:1]
    amounts = list(summaries.filter(year__gte=Subquery(latest) - 1).values_list(*SUMMARY_COLUMNS))
    if not amounts:
        return None
    year = max(row[2] for row in amounts)
    ledgers = fold_ledgers(amounts, year)
    total = Ledger()
    for ledger in ledgers.values():
        total.add(ledger)
    if not (total.has_outcome or total.has_budget):
        return None
    month = max(total.outcome_months, default=12)  # as last_month_loaded, without a query
    figures = CentreFigures(
        CostCentre(committee=committee, code="", name="Hela nämnden"), -1, True, total, month
    )
    return BudgetTotal(year, month, figures)


def budget_overview(committee: Committee, year: int, month: int | None = None) -> BudgetOverview:
    """Every cost centre's figures for the year up to `month` (default: the last loaded),
    parents rolled up from their children, in tree order. Three queries in all."""
    month = month or last_month_loaded(committee, year) or 12
    centres = list(CostCentre.objects.filter(committee=committee))
    codes = {centre.pk: centre.code for centre in centres}
    ledgers = centre_ledgers(committee, year)
    children: dict[int | None, list[CostCentre]] = defaultdict(list)
    for centre in centres:
        children[centre.parent_id].append(centre)
    rows: list[CentreFigures] = []

    def visit(centre: CostCentre, depth: int) -> Ledger:
        row = CentreFigures(centre, depth, bool(children[centre.pk]), Ledger(), month)
        row.parent_code = codes.get(centre.parent_id) if centre.parent_id else None
        rows.append(row)
        row.ledger.add(ledgers.get(centre.pk, Ledger()))
        for child in sorted(children[centre.pk], key=lambda c: c.code):
            row.ledger.add(visit(child, depth + 1))
        return row.ledger

    total_ledger = Ledger()
    for root in sorted(children[None], key=lambda c: c.code):
        total_ledger.add(visit(root, 0))
    total = None
    if rows:
        total = CentreFigures(
            CostCentre(committee=committee, code="", name="Hela nämnden"),
            -1,
            True,
            total_ledger,
            month,
        )
    return BudgetOverview(committee, year, month, rows, total)


def budget_export_rows(
    committee: Committee, year: int, month: int | None = None
) -> list[dict[str, Any]]:
    return [row.export_row() for row in budget_overview(committee, year, month).rows]
