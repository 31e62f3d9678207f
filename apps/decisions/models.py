"""The register of favourable decisions not carried out in time (ej verkställda beslut)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.decisions.quarters import DecisionDates
from apps.organisations.models import Committee

SOL_SERVICES = [
    ("hemtjanst", "Hemtjänst"),
    ("sarskilt_boende", "Särskilt boende"),
    ("korttidsvistelse", "Korttidsvistelse"),
    ("dagverksamhet", "Dagverksamhet"),
    ("trygghetslarm", "Trygghetslarm"),
    ("kontaktperson", "Kontaktperson"),
    ("kontaktfamilj", "Kontaktfamilj"),
    ("boendestod", "Boendestöd"),
    ("ledsagning", "Ledsagning"),
    ("avlosning", "Avlösning"),
    ("familjehem", "Familjehem"),
    ("hvb", "HVB"),
    ("stodboende", "Stödboende"),
    ("bostad", "Bostad (särskilt boende funktionsstöd)"),
    ("sysselsattning", "Sysselsättning"),
    ("oppenvard", "Öppenvård"),
    ("ovrigt", "Övrigt"),
]
LSS_SERVICES = [
    ("lss_1_radgivning", "LSS 9 § 1 Rådgivning och personligt stöd"),
    ("lss_2_personlig_assistans", "LSS 9 § 2 Personlig assistans"),
    ("lss_3_ledsagarservice", "LSS 9 § 3 Ledsagarservice"),
    ("lss_4_kontaktperson", "LSS 9 § 4 Kontaktperson"),
    ("lss_5_avlosarservice", "LSS 9 § 5 Avlösarservice"),
    ("lss_6_korttidsvistelse", "LSS 9 § 6 Korttidsvistelse"),
    ("lss_7_korttidstillsyn", "LSS 9 § 7 Korttidstillsyn"),
    ("lss_8_boende_barn", "LSS 9 § 8 Boende för barn"),
    ("lss_9_bostad_vuxna", "LSS 9 § 9 Bostad med särskild service för vuxna"),
    ("lss_10_daglig_verksamhet", "LSS 9 § 10 Daglig verksamhet"),
]


class Decision(TimeStampedModel):
    """A favourable decision (or an interruption of one) to be followed until carried out.

    Identified by the case reference in the case-management system: never a name or a
    personnummer. Kön and födelseår are kept for the statistics.
    """

    class Law(models.TextChoices):
        SOL = "SoL", "SoL"
        LSS = "LSS", "LSS"

    class LegalBasis(models.TextChoices):
        OLD_SOL = "sol_2001_4_1", "SoL (2001:453) 4 kap. 1 §"
        NEW_SOL_11 = "sol_2025_11_1", "SoL (2025:400) 11 kap. 1 §"
        NEW_SOL_12 = "sol_2025_12_1", "SoL (2025:400) 12 kap. 1 §"
        LSS_9 = "lss_9", "LSS 9 §"

    class Gender(models.TextChoices):
        WOMAN = "K", "Kvinna"
        MAN = "M", "Man"
        OTHER = "X", "Annat / ej angivet"

    class CloseReason(models.TextChoices):
        WITHDRAWN = "ansokan_atertagen", "Ansökan återtagen"
        NO_NEED = "behov_kvarstar_ej", "Behovet kvarstår inte"
        DIED = "avliden", "Avliden"
        MOVED = "flyttat", "Flyttat"
        OTHER_DECISION = "nytt_beslut_annan_insats", "Nytt beslut om annan insats"
        OTHER = "ovrigt", "Övrigt"

    class Reason(models.TextChoices):
        NO_PLACE = "resursbrist_plats", "Resursbrist, ingen plats"
        RECRUITMENT = "rekrytering", "Rekrytering"
        DECLINED = "tackat_nej_erbjudande", "Tackat nej till erbjudande"
        SPECIFIC_UNIT = "onskemal_specifik_enhet", "Önskemål om specifik enhet"
        POSTPONED = "enskild_begart_uppskov", "Den enskilde har begärt uppskov"
        ELSEWHERE = "vistas_annan_plats", "Vistas på annan plats"
        OTHER = "ovrigt", "Övrigt"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField("referens", max_length=60)
    law = models.CharField("lag", max_length=3, choices=Law.choices)
    legal_basis = models.CharField("lagrum", max_length=20, choices=LegalBasis.choices)
    service = models.CharField("insatstyp", max_length=30, choices=SOL_SERVICES + LSS_SERVICES)
    decided = models.DateField("beslutsdatum")
    gender = models.CharField("kön", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("födelseår", null=True, blank=True)
    interrupted = models.DateField("avbrottsdatum", null=True, blank=True)
    resumed = models.DateField("återupptaget", null=True, blank=True)
    carried_out = models.DateField("verkställt", null=True, blank=True)
    closed = models.DateField("avslutat", null=True, blank=True)
    close_reason = models.CharField(
        "avslutsorsak", max_length=30, choices=CloseReason.choices, blank=True
    )
    reason = models.CharField("skäl (kategori)", max_length=30, choices=Reason.choices, blank=True)
    reason_text = models.TextField("skäl (text)", blank=True)
    measures = models.TextField("vidtagna åtgärder", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "decided", "reference"]
        verbose_name = "beslut"
        verbose_name_plural = "beslut"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "reference"], name="unique_decision_reference"
            ),
            models.CheckConstraint(
                condition=Q(carried_out__isnull=True) | Q(carried_out__gte=F("decided")),
                name="decision_carried_out_not_before_decided",
            ),
            models.CheckConstraint(
                condition=Q(closed__isnull=True) | Q(closed__gte=F("decided")),
                name="decision_closed_not_before_decided",
            ),
            models.CheckConstraint(
                condition=Q(resumed__isnull=True)
                | (Q(interrupted__isnull=False) & Q(resumed__gte=F("interrupted"))),
                name="decision_resumed_not_before_interrupted",
            ),
            models.CheckConstraint(
                condition=Q(interrupted__isnull=True) | Q(interrupted__gte=F("decided")),
                name="decision_interrupted_not_before_decided",
            ),
            models.CheckConstraint(
                condition=(Q(law="LSS") & Q(service__startswith="lss_"))
                | (Q(law="SoL") & ~Q(service__startswith="lss_")),
                name="decision_service_fits_law",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.law}, {self.get_service_display()})"

    @property
    def dates(self) -> DecisionDates:
        return DecisionDates(
            decided=self.decided,
            carried_out=self.carried_out,
            closed=self.closed,
            interrupted=self.interrupted,
            resumed=self.resumed,
        )


class Offer(models.Model):
    """An offer made to the person; a declined offer does not close the decision."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Tackat ja"
        DECLINED = "declined", "Tackat nej"
        NO_ANSWER = "no_answer", "Inget svar"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="offers")
    offered_on = models.DateField("erbjudet")
    what = models.CharField("vad", max_length=200)
    answer = models.CharField("svar", max_length=10, choices=Answer.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "offered_on"]
        verbose_name = "erbjudande"
        verbose_name_plural = "erbjudanden"

    def __str__(self) -> str:
        return f"{self.offered_on} {self.what}: {self.get_answer_display()}"


class ReportLog(models.Model):
    """What was reported to whom and when, and every export of the IVO or auditors' list."""

    class Recipient(models.TextChoices):
        IVO = "ivo", "IVO"
        AUDITORS = "revisorer", "Revisorerna"
        KF = "kf", "Kommunfullmäktige"
        COMMITTEE = "namnd", "Nämnden"

    class Channel(models.TextChoices):
        E_SERVICE = "e_tjanst", "E-tjänst"
        FORM = "blankett", "Blankett"
        EXPORT = "export", "Export ur Nämndkollen"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    quarter = models.CharField("kvartal", max_length=6)
    recipient = models.CharField("mottagare", max_length=10, choices=Recipient.choices)
    channel = models.CharField("sätt", max_length=10, choices=Channel.choices)
    reported_at = models.DateTimeField("när")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField("anteckning", max_length=200, blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = "rapportering"
        verbose_name_plural = "rapporteringar"

    def __str__(self) -> str:
        return f"{self.quarter} {self.get_recipient_display()} {self.reported_at:%Y-%m-%d}"
