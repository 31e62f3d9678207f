"""The committee's cost-centre tree and its ledger: outcome, budget and forecast per month."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from apps.organisations.models import Committee


class CostCentre(models.Model):
    """An ansvar; the tree comes from the ledger file (overordnat_ansvar)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="cost_centres", verbose_name="nämnd"
    )
    code = models.CharField("ansvar", max_length=30)
    name = models.CharField("namn", max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="överordnat ansvar",
    )

    class Meta:
        ordering = ["committee", "code"]
        verbose_name = "ansvar"
        verbose_name_plural = "ansvar"
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="unique_cost_centre_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LedgerEntry(models.Model):
    """One amount in kronor: utfall or budget for a month (or a whole year's budget), or a
    prognos of the full year made in a month. Intäkter positive, kostnader negative."""

    class Kind(models.TextChoices):
        OUTCOME = "utfall", "Utfall"
        BUDGET = "budget", "Budget"
        FORECAST = "prognos", "Prognos"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    cost_centre = models.ForeignKey(CostCentre, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("typ", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("år")
    month = models.PositiveSmallIntegerField("månad", help_text="0 = budget för hela året")
    account = models.CharField("kontoslag", max_length=40)
    is_revenue = models.BooleanField("intäkt")
    amount = models.DecimalField("belopp (kr)", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "huvudboksrad"
        verbose_name_plural = "huvudboksrader"
        indexes = [models.Index(fields=["committee", "year", "kind", "month"])]
        constraints = [
            models.CheckConstraint(condition=Q(month__lte=12), name="ledger_month_0_to_12"),
            models.CheckConstraint(
                condition=Q(month__gte=1) | Q(kind="budget"), name="ledger_only_budget_is_annual"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}-{self.month:02d} {self.cost_centre_id} {self.amount}"


class LedgerMonthSummary(models.Model):
    """The ledger summed per cost centre, kind, year and side, months as columns.

    Rebuilt by every ledger import for the years it touched (an explicit cache): the budget
    page reads these few rows instead of summing every ledger row on each request.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    cost_centre = models.ForeignKey(CostCentre, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=LedgerEntry.Kind.choices)
    year = models.PositiveSmallIntegerField()
    is_revenue = models.BooleanField()
    m0 = models.FloatField(null=True)
    m1 = models.FloatField(null=True)
    m2 = models.FloatField(null=True)
    m3 = models.FloatField(null=True)
    m4 = models.FloatField(null=True)
    m5 = models.FloatField(null=True)
    m6 = models.FloatField(null=True)
    m7 = models.FloatField(null=True)
    m8 = models.FloatField(null=True)
    m9 = models.FloatField(null=True)
    m10 = models.FloatField(null=True)
    m11 = models.FloatField(null=True)
    m12 = models.FloatField(null=True)

    MONTH_FIELDS = [f"m{m}" for m in range(13)]

    class Meta:
        indexes = [models.Index(fields=["committee", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cost_centre", "kind", "year", "is_revenue"], name="unique_ledger_summary"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cost_centre_id} {self.kind} {self.year}"
