"""Indicators (Kolada KPIs or own figures) and their values per unit, period and gender."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.core.periods import months_in, period_kind
from apps.organisations.models import Committee, ComparisonGroup, Municipality


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_committee(self, committee: Committee) -> IndicatorQuerySet:
        return self.filter(committee_links__committee=committee).order_by(
            "committee_links__order", "code"
        )

    def kolada(self) -> IndicatorQuerySet:
        return self.filter(source=Indicator.Source.KOLADA)

    def own(self) -> IndicatorQuerySet:
        return self.filter(source=Indicator.Source.OWN)


class Frequency(models.TextChoices):
    YEAR = "year", "år"
    TERTIAL = "tertial", "tertial"
    QUARTER = "quarter", "kvartal"
    MONTH = "month", "månad"


DUE_IN_CHOICES = [
    ("", "årsuppföljningen"),
    *[(f"Q{q}", f"kvartal {q}") for q in range(1, 5)],
    *[(f"T{t}", f"tertial {t}") for t in range(1, 4)],
]


OWNER_WITHOUT_ROLE = (
    "Den ansvariga måste vara controller i nämnden: det är controllerna som lämnar värdena "
    "och får påminnelserna."
)


class Indicator(TimeStampedModel):
    """A key figure: a Kolada KPI (U23401) or one the committee keeps itself."""

    class Source(models.TextChoices):
        KOLADA = "kolada", "Kolada"
        OWN = "own", "Eget nyckeltal"

    class Unit(models.TextChoices):
        PERCENT = "%", "procent"
        KRONOR = "kr", "kronor"
        KRONOR_PER_INHABITANT = "kr/inv", "kronor per invånare"
        THOUSANDS = "tkr", "tusen kronor"
        MILLIONS = "mkr", "miljoner kronor"
        DAYS = "dagar", "dagar"
        HOURS = "timmar", "timmar"
        COUNT = "antal", "antal"
        INDEX = "index", "index"
        POINTS = "poäng", "poäng"
        OTHER = "", "annat"

    code = models.CharField("kod", max_length=40, unique=True)
    source = models.CharField("källa", max_length=10, choices=Source.choices)
    title = models.CharField("namn", max_length=400)
    description = models.TextField("beskrivning", blank=True)
    unit = models.CharField("enhet", max_length=10, choices=Unit.choices, blank=True)
    decimals = models.PositiveSmallIntegerField("decimaler", default=0)
    higher_is_better = models.BooleanField(
        "högre är bättre", null=True, blank=True, help_text="Tomt: varken högre eller lägre."
    )
    divided_by_gender = models.BooleanField("könsuppdelat", default=False)
    operating_area = models.CharField("verksamhetsområde", max_length=400, blank=True)
    municipality_type = models.CharField("kommuntyp", max_length=1, blank=True)
    publ_period = models.CharField("publiceringsperiod", max_length=40, blank=True)
    publication_date = models.DateField("nästa publicering", null=True, blank=True)
    prel_publication_date = models.DateField("nästa preliminära publicering", null=True, blank=True)
    discontinued = models.BooleanField("upphört", default=False)
    auspice = models.CharField(
        "regi",
        max_length=1,
        blank=True,
        help_text="Kolada: T alla utförare, E egen regi, X ej uppdelat, P privat regi, "
        "O övrig, A anordnare.",
    )
    perspective = models.CharField("perspektiv", max_length=100, blank=True)
    has_ou_data = models.BooleanField("har data per verksamhet (enhetsnivå)", default=False)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        verbose_name="nämnd (egna nyckeltal)",
    )
    valid_min = models.FloatField("lägsta rimliga värde", null=True, blank=True)
    valid_max = models.FloatField("högsta rimliga värde", null=True, blank=True)
    frequency = models.CharField(
        "frekvens",
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTER,
        help_text="Hur ofta ett eget nyckeltal lämnas på uppföljningssidan.",
    )
    due_in = models.CharField(
        "lämnas i",
        max_length=2,
        choices=DUE_IN_CHOICES,
        blank=True,
        help_text="För ett årligt nyckeltal: uppföljningen där årets värde lämnas.",
    )
    cumulative = models.BooleanField(
        "summeras över året",
        default=False,
        help_text="Delårsvärdena läggs ihop till ett värde hittills i år (t.ex. antal "
        "personer), som jämförs med årets målvärde.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name="ansvarig",
        help_text="Den i nämnden som lämnar värdet; får påminnelsen när det saknas.",
    )
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "nyckeltal"
        verbose_name_plural = "nyckeltal"
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency="year") | Q(due_in=""),
                name="indicator_due_in_only_for_yearly",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_kolada(self) -> bool:
        return self.source == self.Source.KOLADA

    def has_gender_split(self, municipality_id: int) -> bool:
        """Whether kvinnor and män both have figures for the municipality: only then is
        there anything to switch to (a Kolada KPI may be divided yet lack the split here)."""
        if not self.divided_by_gender:
            return False
        genders = (
            self.values.filter(
                municipality_id=municipality_id, gender__in=["K", "M"], value__isnull=False
            )
            .order_by()
            .values_list("gender", flat=True)
            .distinct()
        )
        return set(genders) == {"K", "M"}

    def clean(self) -> None:
        if self.owner is not None and self.committee is not None:
            has_role = self.committee.roles.filter(user=self.owner, role="controller").exists()
            if not has_role and not self.owner.is_staff:
                raise ValidationError({"owner": OWNER_WITHOUT_ROLE})

    def periods_due(self, follow_up_period: str) -> list[str]:
        """The periods of this own figure asked for on a follow-up page: a quarterly one
        on quarter pages, a tertial one on tertial pages, a monthly one each month of a
        quarter or tertial, a yearly one ("2025") only in the period it is due."""
        kind, year = period_kind(follow_up_period), follow_up_period[:4]
        if self.frequency == Frequency.YEAR:
            return [year] if follow_up_period[4:] == self.due_in else []
        if self.frequency == Frequency.MONTH:
            return months_in(follow_up_period) if kind in {"Q", "T"} else []
        wanted = {Frequency.QUARTER: "Q", Frequency.TERTIAL: "T"}[Frequency(self.frequency)]
        return [follow_up_period] if kind == wanted else []

    @property
    def frequency_label(self) -> str:
        if self.frequency == Frequency.YEAR:
            return f"årligen, lämnas i {dict(DUE_IN_CHOICES)[self.due_in]}"
        return {"tertial": "per tertial", "quarter": "per kvartal", "month": "per månad"}[
            self.frequency
        ]


class CommitteeIndicator(models.Model):
    """An indicator a committee follows (and so refreshes from Kolada each night)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="indicator_links", verbose_name="nämnd"
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="committee_links",
        verbose_name="nyckeltal",
    )
    order = models.PositiveSmallIntegerField("ordning", default=0)
    is_key = models.BooleanField("visas som nyckeltalskort", default=False)
    comparison_groups = models.ManyToManyField(
        ComparisonGroup,
        blank=True,
        related_name="chosen_for",
        verbose_name="jämförelsegrupper för nyckeltalet",
        help_text="Tomt: nämndens grupper som gäller nyckeltalets verksamhetsområde. "
        "Valda grupper ersätter den regeln för just detta nyckeltal.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "indicator__code"]
        verbose_name = "nämndens nyckeltal"
        verbose_name_plural = "nämndernas nyckeltal"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "indicator"], name="unique_indicator_per_committee"
            )
        ]
        # The overview's cards: a committee's key figures in order, read without reading
        # the rest of its links (a committee may follow thousands of indicators).
        indexes = [
            models.Index(
                fields=["committee", "order"],
                condition=Q(is_key=True),
                name="committee_key_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee.slug}: {self.indicator.code}"


def preliminary_period(indicator: Indicator, today: date) -> str | None:
    """The one rule for Kolada's preliminary figures: the period of the KPI's values that
    is preliminary today, or None.

    Kolada's publication dates refer to the KPI's next publication period (`publ_period`):
    a value is preliminary when its period is that `publ_period`, today is before
    `publication_date`, and (where `prel_publication_date` is set) on or after it. Older
    years are final, however far away the next publication is.
    """
    if not indicator.publ_period or indicator.publication_date is None:
        return None
    if today >= indicator.publication_date:
        return None
    if indicator.prel_publication_date is not None and today < indicator.prel_publication_date:
        return None
    return indicator.publ_period


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def with_preliminary(self, today: date | None = None) -> IndicatorValueQuerySet:
        """Annotate `preliminary` by `preliminary_period` (derived on read, so a value turns
        final on the publication day without an import): one query for the KPIs whose
        publication is still ahead, then a condition per pending period."""
        today = today or timezone.localdate()
        pending: dict[str, list[int]] = {}
        for indicator in Indicator.objects.filter(publication_date__gt=today).only(
            "pk", "publ_period", "publication_date", "prel_publication_date"
        ):
            period = preliminary_period(indicator, today)
            if period:
                pending.setdefault(period, []).append(indicator.pk)
        if not pending:
            return self.annotate(preliminary=Value(False, output_field=BooleanField()))
        condition = Q()
        for period, ids in pending.items():
            condition |= Q(period=period, indicator_id__in=ids)
        return self.annotate(
            preliminary=ExpressionWrapper(
                Q(source="kolada") & condition, output_field=BooleanField()
            )
        )


class IndicatorValue(models.Model):
    """One figure: indicator × (municipality or group) × period × gender. Missing is None."""

    class Gender(models.TextChoices):
        TOTAL = "T", "Totalt"
        WOMEN = "K", "Kvinnor"
        MEN = "M", "Män"

    class Source(models.TextChoices):
        KOLADA = "kolada", "Kolada"
        OWN = "own", "Egen inmatning"
        COMPUTED = "computed", "Beräknat (ovägt medel)"
        DOCUMENT = "document", "Från nämndens dokument"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name="nyckeltal"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        ComparisonGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField("period", max_length=7)
    gender = models.CharField("kön", max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.FloatField("värde", null=True, blank=True)
    status = models.CharField("status", max_length=20, blank=True)
    count = models.PositiveIntegerField("antal bakom", null=True, blank=True)
    source = models.CharField("källa", max_length=10, choices=Source.choices)
    source_name = models.CharField(
        "dokument",
        max_length=200,
        blank=True,
        help_text="För ett värde ur ett dokument: dokumentets namn, som visas som källa.",
    )
    changed_at = models.DateTimeField("senast ändrad", default=timezone.now)
    # Only what is saved through the ORM (own entries, admin) is recorded; bulk imports
    # are traced by their ImportRun instead.
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "värde"
        verbose_name_plural = "värden"
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(group__isnull=True))
                | (Q(municipality__isnull=True) & Q(group__isnull=False)),
                name="value_has_exactly_one_unit",
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["T", "K", "M"]), name="value_gender_is_t_k_or_m"
            ),
            models.UniqueConstraint(
                fields=["indicator", "municipality", "period", "gender"],
                condition=Q(municipality__isnull=False),
                name="unique_value_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["indicator", "group", "period", "gender"],
                condition=Q(group__isnull=False),
                name="unique_value_per_group",
            ),
        ]

    def __str__(self) -> str:
        unit = (self.municipality_id and self.municipality) or self.group
        return f"{self.indicator_id} {unit} {self.period} {self.gender}: {self.value}"


class NewestValue(models.Model):
    """Each indicator's newest period with a value (not missing) of a municipality.

    Kept by the database itself, never written by the app: triggers on the value table
    (migration indicators/0008) renew a row whenever a statement inserts, updates or
    deletes values of its indicator and municipality, whoever writes them (the Kolada
    import's COPY and bulk statements, the controllers' entries, the admin, a delete that
    cascades). A page that needs the newest period of thousands of followed indicators
    (the default period, apps/dashboards/periods.py) reads one row each from this small
    table instead of probing the value table once per indicator.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("senaste period", max_length=7)

    class Meta:
        verbose_name = "senaste period med värde"
        verbose_name_plural = "senaste perioder med värde"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator"], name="newest_value_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.municipality_id}: {self.period}"
