"""The committee's cost-centre tree and its ledger: outcome, budget and forecast per month."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from apps.budget.kostnadsslag import Kostnadsslag
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
    account = models.CharField("kostnadsslag", max_length=40, choices=Kostnadsslag.choices)
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
    """The ledger summed per cost centre, kind, year and kostnadsslag, months as columns.

    Rebuilt by every ledger import for the years it touched (an explicit cache): the budget
    page reads these few rows instead of summing every ledger row on each request.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    cost_centre = models.ForeignKey(CostCentre, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=LedgerEntry.Kind.choices)
    year = models.PositiveSmallIntegerField()
    account = models.CharField(max_length=40, choices=Kostnadsslag.choices)
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
                fields=["cost_centre", "kind", "year", "account"],
                name="unique_ledger_summary_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cost_centre_id} {self.kind} {self.year}"


class AccountOverride(models.Model):
    """A committee's own kostnadsslag for an account or account group (2–4 digits) whose
    Kommun-Bas group says otherwise; read by the account-based ledger layout."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name="nämnd"
    )
    account = models.CharField(
        "konto eller kontogrupp",
        max_length=4,
        validators=[RegexValidator(r"^\d{2,4}$", "Två till fyra siffror, t.ex. 46 eller 4611.")],
    )
    kostnadsslag = models.CharField("kostnadsslag", max_length=40, choices=Kostnadsslag.choices)

    class Meta:
        ordering = ["committee", "account"]
        verbose_name = "kontomappning"
        verbose_name_plural = "kontomappningar"
        constraints = [
            models.UniqueConstraint(fields=["committee", "account"], name="unique_account_override")
        ]

    def __str__(self) -> str:
        return f"{self.account} → {self.get_kostnadsslag_display()}"


class ColumnMapping(models.Model):
    """A file's own headings mapped to our ledger columns, saved under a name per committee
    (chosen once on the upload page or here; used by later uploads and import_ledger)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name="nämnd"
    )
    name = models.CharField("namn", max_length=60)
    columns = models.JSONField(
        "kolumner",
        default=dict,
        help_text='Vår kolumn → filens rubrik, t.ex. {"ansvar": "Ansvar", "utfall": "Utfall"}.',
    )
    created = models.DateTimeField("skapad", auto_now_add=True)

    class Meta:
        ordering = ["committee", "-created"]
        verbose_name = "kolumnmappning"
        verbose_name_plural = "kolumnmappningar"
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_column_mapping")
        ]

    def __str__(self) -> str:
        return self.name


class Investment(models.Model):
    """Budget or utfall for one investment project and year (kronor; both positive)."""

    class Kind(models.TextChoices):
        OUTCOME = "utfall", "Utfall"
        BUDGET = "budget", "Budget"

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name="nämnd"
    )
    project = models.CharField("projekt", max_length=30)
    name = models.CharField("projektnamn", max_length=200)
    kind = models.CharField("typ", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("år")
    amount = models.DecimalField("belopp (kr)", max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["committee", "year", "project", "kind"]
        verbose_name = "investering"
        verbose_name_plural = "investeringar"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "project", "kind", "year"], name="unique_investment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.kind} {self.year}"
