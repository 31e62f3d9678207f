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
