"""The register of favourable decisions not carried out in time (ej verkställda beslut)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.decisions.validators import validate_not_personnummer
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


class Area(models.TextChoices):
    """Verksamhetsområde, as the IVO e-service and the statistics report group decisions."""

    ELDERLY = "aldreomsorg", "Äldreomsorg"
    DISABILITY = "funktionsstod", "Funktionsstöd"
    IFO = "ifo", "Individ- och familjeomsorg"


AREA_OF_SERVICE = {
    "hemtjanst": Area.ELDERLY,
    "sarskilt_boende": Area.ELDERLY,
    "korttidsvistelse": Area.ELDERLY,
    "dagverksamhet": Area.ELDERLY,
    "trygghetslarm": Area.ELDERLY,
    "kontaktperson": Area.IFO,
    "kontaktfamilj": Area.IFO,
    "boendestod": Area.DISABILITY,
    "ledsagning": Area.DISABILITY,
    "avlosning": Area.DISABILITY,
    "familjehem": Area.IFO,
    "hvb": Area.IFO,
    "stodboende": Area.IFO,
    "bostad": Area.DISABILITY,
    "sysselsattning": Area.DISABILITY,
    "oppenvard": Area.IFO,
    "ovrigt": Area.IFO,
}  # every LSS insats is funktionsstöd
EARLIEST_DATE = date(1990, 1, 1)
NOT_BEFORE = "{label} kan inte ligga före {other} ({day})."
IMPLAUSIBLE = "{label} {day} är inte rimligt: tidigast 1990-01-01, senast ett år fram."
SERVICE_NOT_IN_LAW = "Insatstypen {service} hör inte till {law}."
CLOSE_REASON_NEEDED = "Ange varför beslutet avslutades (avslutsorsak)."
NOT_CARRIED_OUT = "Ett avbrott förutsätter att beslutet först verkställts (verkställt saknas)."
BEFORE_CARRIED_OUT = "Avbrottet {day} ligger före verkställigheten {carried_out}."
AFTER_CLOSED = "Avbrottet {day} ligger efter att beslutet avslutades {closed}."
OVERLAP = "Avbrottet {day} överlappar avbrottet {other}, som {until}."


NEW_SOL_FROM = date(2025, 7, 1)
BASIS_NOT_IN_LAW = "Lagrummet hör inte till {law}."
OLD_SOL_BASIS = "Ett SoL-beslut från 2025-07-01 fattas enligt nya socialtjänstlagen (2025:400)."
NEW_SOL_BASIS = "Ett SoL-beslut före 2025-07-01 fattades enligt socialtjänstlagen (2001:453)."


def legal_basis_problem(law: str, basis: str, decided: date) -> str | None:
    """What is wrong with the lagrum for a decision under `law` made on `decided`."""
    if (law == "LSS") != (basis == "lss_9"):
        return BASIS_NOT_IN_LAW.format(law=law)
    if law == "SoL" and basis == "sol_2001_4_1" and decided >= NEW_SOL_FROM:
        return OLD_SOL_BASIS
    if law == "SoL" and basis != "sol_2001_4_1" and decided < NEW_SOL_FROM:
        return NEW_SOL_BASIS
    return None


def area_of(service: str) -> str:
    return Area.DISABILITY if service.startswith("lss_") else AREA_OF_SERVICE.get(service, Area.IFO)


def plausible(day: date | None) -> bool:
    return day is None or EARLIEST_DATE <= day <= timezone.localdate() + timedelta(days=366)


def interruption_problems(
    carried_out: date | None,
    closed: date | None,
    interruptions: list[tuple[date, date | None]],
) -> list[str]:
    """What is wrong with a decision's avbrott, given its verkställt and avslutat dates.

    An avbrott is possible only after the decision was carried out, not after it was closed,
    and two avbrott may not overlap (one must be resumed before the next begins)."""
    return list(
        dict.fromkeys(m for _, m in interruption_problem_days(carried_out, closed, interruptions))
    )


def interruption_problem_days(
    carried_out: date | None,
    closed: date | None,
    interruptions: list[tuple[date, date | None]],
) -> list[tuple[date, str]]:
    """interruption_problems, each with the avbrottsdatum it is about."""
    problems = []
    ordered = sorted(interruptions)
    for index, (day, resumed) in enumerate(ordered):
        if carried_out is None:
            problems.append((day, NOT_CARRIED_OUT))
        elif day < carried_out:
            problems.append((day, BEFORE_CARRIED_OUT.format(day=day, carried_out=carried_out)))
        if closed is not None and day > closed:
            problems.append((day, AFTER_CLOSED.format(day=day, closed=closed)))
        if resumed is not None and resumed < day:
            message = NOT_BEFORE.format(label="Återupptaget", other="avbrottet", day=day)
            problems.append((day, message))
        if index:
            before, before_resumed = ordered[index - 1]
            if before_resumed is None or before_resumed > day:
                until = (
                    "ännu inte återupptagits"
                    if before_resumed is None
                    else f"återupptogs först {before_resumed}"
                )
                problems.append((day, OVERLAP.format(day=day, other=before, until=until)))
    return problems


class Decision(TimeStampedModel):
    """A favourable decision to be followed until carried out (docs/evb.md).

    Identified by the case reference in the case-management system: never a name or a
    personnummer (refused by the field's validator, which the form, the register file and
    the admin all run). Kön and födelseår are kept for the statistics. Its avbrott are
    `Interruption` rows; each is a waiting episode of its own.
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
    reference = models.CharField(
        "referens",
        max_length=60,
        validators=[validate_not_personnummer],
        help_text="Ärendets referens i verksamhetssystemet – aldrig namn eller personnummer.",
    )
    law = models.CharField("lag", max_length=3, choices=Law.choices)
    legal_basis = models.CharField("lagrum för beslutet", max_length=20, choices=LegalBasis.choices)
    service = models.CharField("insatstyp", max_length=30, choices=SOL_SERVICES + LSS_SERVICES)
    service_detail = models.CharField(
        "specifikation av insatsen",
        max_length=200,
        blank=True,
        help_text="T.ex. vård- och omsorgsboende med demensinriktning.",
    )
    area = models.CharField(
        "verksamhetsområde",
        max_length=20,
        choices=Area.choices,
        blank=True,
        help_text="Tomt: följer insatstypen.",
    )
    decided = models.DateField("beslutsdatum")
    gender = models.CharField("kön", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("födelseår", null=True, blank=True)
    carried_out = models.DateField("verkställt", null=True, blank=True)
    closed = models.DateField("avslutat", null=True, blank=True)
    close_reason = models.CharField(
        "avslutsorsak", max_length=30, choices=CloseReason.choices, blank=True
    )
    reason = models.CharField("skäl (kategori)", max_length=30, choices=Reason.choices, blank=True)
    reason_text = models.TextField("skäl (text)", blank=True)
    measures = models.TextField("vidtagna åtgärder", blank=True)
    serial = models.CharField("löpnummer", max_length=12, blank=True, editable=False)
    reported_in = models.CharField(
        "rapporterat som nytt i", max_length=6, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "decided", "reference"]
        verbose_name = "beslut"
        verbose_name_plural = "beslut"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "reference"],
                name="unique_decision_reference",
                violation_error_message="Nämnden har redan ett beslut med den referensen.",
            ),
            models.CheckConstraint(
                condition=Q(carried_out__isnull=True) | Q(carried_out__gte=F("decided")),
                name="decision_carried_out_not_before_decided",
                violation_error_message="Verkställt kan inte ligga före beslutsdatum.",
            ),
            models.CheckConstraint(
                condition=Q(closed__isnull=True) | Q(closed__gte=F("decided")),
                name="decision_closed_not_before_decided",
                violation_error_message="Avslutat kan inte ligga före beslutsdatum.",
            ),
            models.CheckConstraint(
                condition=(Q(law="LSS") & Q(service__startswith="lss_"))
                | (Q(law="SoL") & ~Q(service__startswith="lss_")),
                name="decision_service_fits_law",
                violation_error_message="Insatstypen hör inte till lagen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.law}, {self.get_service_display()})"

    @property
    def area_or_default(self) -> str:
        return self.area or area_of(self.service)

    def clean(self) -> None:
        """The decision's own rules, with messages on the field they concern (the form, the
        register file and the admin all call full_clean)."""
        errors: dict[str, list[str]] = {}
        labels = {"decided": "Beslutsdatum", "carried_out": "Verkställt", "closed": "Avslutat"}
        for field, label in labels.items():
            day = getattr(self, field)
            if not plausible(day):
                errors.setdefault(field, []).append(IMPLAUSIBLE.format(label=label, day=day))
            elif field != "decided" and day and self.decided and day < self.decided:
                message = NOT_BEFORE.format(label=label, other="beslutsdatum", day=self.decided)
                errors.setdefault(field, []).append(message)
        if self.law and self.service and self.service.startswith("lss_") != (self.law == "LSS"):
            errors.setdefault("service", []).append(
                SERVICE_NOT_IN_LAW.format(service=self.service, law=self.law)
            )
        problem = (
            legal_basis_problem(self.law, self.legal_basis, self.decided)
            if self.law and self.legal_basis and self.decided
            else None
        )
        if problem:
            errors.setdefault("legal_basis", []).append(problem)
        if self.closed and not self.close_reason:
            errors.setdefault("close_reason", []).append(CLOSE_REASON_NEEDED)
        if (
            self.reference
            and self.committee_id
            and (
                Decision.objects.filter(
                    committee_id=self.committee_id, reference__iexact=self.reference.strip()
                )
                .exclude(pk=self.pk)
                .exists()
            )
        ):
            errors.setdefault("reference", []).append(
                "Nämnden har redan ett beslut med den referensen."
            )
        if self.birth_year is not None and not 1900 <= self.birth_year <= timezone.localdate().year:
            errors.setdefault("birth_year", []).append(
                f"Födelseåret {self.birth_year} är inte rimligt."
            )
        if self.pk and not errors and not getattr(self, "_checked_together", False):
            spans = list(self.interruptions.values_list("interrupted", "resumed"))
            problems = interruption_problems(self.carried_out, self.closed, spans)
            if problems:
                errors.setdefault("carried_out", []).extend(problems)
        if errors:
            raise ValidationError(errors)


class Interruption(models.Model):
    """An avbrott of a carried-out insats: a waiting episode of its own, from the avbrott
    until the insats is återupptagen (or the decision avslutad)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="interruptions")
    interrupted = models.DateField("avbrottsdatum")
    resumed = models.DateField("återupptaget", null=True, blank=True)
    serial = models.CharField("löpnummer", max_length=12, blank=True, editable=False)
    reported_in = models.CharField(
        "rapporterat som nytt i", max_length=6, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "interrupted"]
        verbose_name = "avbrott"
        verbose_name_plural = "avbrott"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "interrupted"],
                name="unique_interruption_day",
                violation_error_message="Beslutet har redan ett avbrott den dagen.",
            ),
            models.CheckConstraint(
                condition=Q(resumed__isnull=True) | Q(resumed__gte=F("interrupted")),
                name="interruption_resumed_not_before_interrupted",
                violation_error_message="Återupptaget kan inte ligga före avbrottsdatum.",
            ),
        ]

    def __str__(self) -> str:
        return f"avbrott {self.interrupted}"

    def clean(self) -> None:
        if not plausible(self.interrupted) or not plausible(self.resumed):
            raise ValidationError(
                IMPLAUSIBLE.format(label="Datumet", day=self.resumed or self.interrupted)
            )
        if self.decision_id is None or self.interrupted is None:
            return
        if getattr(self, "_checked_together", False):
            return  # the form's formset checks all of the decision's avbrott together
        others = [
            (i.interrupted, i.resumed)
            for i in Interruption.objects.filter(decision_id=self.decision_id).exclude(pk=self.pk)
        ]
        decision = self.decision
        problems = interruption_problems(
            decision.carried_out, decision.closed, [*others, (self.interrupted, self.resumed)]
        )
        if problems:
            raise ValidationError({"interrupted": problems})


class SentReport(models.Model):
    """A quarter's IVO report as the rapportör marked it sent: frozen for good.

    `snapshot` holds every row and field as sent (the report's items, see
    selectors.ReportItem.as_record); later views of the quarter show it, not a
    recomputation."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    quarter = models.CharField("kvartal", max_length=6)
    sent_at = models.DateTimeField("markerad som skickad")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField("rapporten som skickad")
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "quarter"]
        verbose_name = "skickad kvartalsrapport"
        verbose_name_plural = "skickade kvartalsrapporter"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "quarter"],
                name="unique_sent_report",
                violation_error_message="Kvartalet är redan markerat som skickat.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter} skickad {self.sent_at:%Y-%m-%d}"


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
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    interruption = models.ForeignKey(
        Interruption, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
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


class RegisterAudit(models.Model):
    """Every view or export of register data: who, when, what, in which committee.

    Shown to administrators (read-only in the admin); removed by `evb_purge` with the
    register rows it outlives (the retention rule, docs/evb.md)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("när", auto_now_add=True, db_index=True)
    what = models.CharField("vad", max_length=200)
    path = models.CharField("adress", max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "visning av registret"
        verbose_name_plural = "visningar av registret"

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.what}"
