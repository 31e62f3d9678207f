"""Municipalities, comparison groups, committees and who may do what in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.organisations.areas import AREA_CHOICES

RIKET_CODE = "0000"
ALL_MUNICIPALITIES_CODE = "G2328"  # Kolada's "Alla kommuner (ovägt medel)": kommungenomsnittet


class Municipality(models.Model):
    """A Kolada unit: a kommun (K), a region (L) or riket (0000, kind L as in Kolada)."""

    class Kind(models.TextChoices):
        KOMMUN = "K", "Kommun"
        REGION = "L", "Region / riket"

    code = models.CharField("Kolada-kod", max_length=4, unique=True)
    name = models.CharField("namn", max_length=100)
    kind = models.CharField("typ", max_length=1, choices=Kind.choices, default=Kind.KOMMUN)

    class Meta:
        ordering = ["name"]
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="municipality_code_four_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_riket(self) -> bool:
        return self.code == RIKET_CODE


class ComparisonGroup(models.Model):
    """A group to compare with: a Kolada group (G…) or one a committee defines itself."""

    class Kind(models.TextChoices):
        REGION = "region", "Region (t.ex. Göteborgsregionen)"
        SIMILAR = "similar", "Liknande kommuner"
        NATIONAL = "national", "Riket / alla kommuner"
        OWN = "own", "Egen grupp"

    code = models.CharField(
        "kod",
        max_length=30,
        unique=True,
        help_text="Kolada-id (G96190) för Kolada-grupper, annars en egen kod.",
    )
    name = models.CharField("namn", max_length=200)
    kind = models.CharField("slag", max_length=10, choices=Kind.choices)
    area = models.CharField(
        "verksamhetsområde",
        max_length=30,
        choices=AREA_CHOICES,
        blank=True,
        help_text="Gruppen jämförs bara med nyckeltal inom området (t.ex. liknande kommuner "
        "äldreomsorg). Tomt: alla nyckeltal. Läses ur Kolada-gruppens namn vid import.",
    )
    members = models.ManyToManyField(
        Municipality, related_name="groups", blank=True, verbose_name="medlemmar"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "jämförelsegrupp"
        verbose_name_plural = "jämförelsegrupper"

    def __str__(self) -> str:
        return self.name

    @property
    def is_kolada(self) -> bool:
        """Kolada publishes the group's values; an own group's are computed here."""
        return self.kind != self.Kind.OWN


class Committee(models.Model):
    """A nämnd: the unit everything in Nämndkollen is followed up for."""

    class PublishMode(models.TextChoices):
        ON_READY = "on_ready", "Publicera när perioden är klar"
        MANUAL = "manual", "Publicera manuellt"

    slug = models.SlugField("kortnamn", max_length=60, unique=True)
    name = models.CharField("namn", max_length=200)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="committees", verbose_name="kommun"
    )
    comparison_groups = models.ManyToManyField(
        ComparisonGroup,
        related_name="committees",
        blank=True,
        verbose_name="jämförelsegrupper",
        help_text="Grupperna som nämndens nyckeltal jämförs med som standard.",
    )
    published = models.BooleanField(
        "publicerad",
        default=False,
        help_text="Publicerade nämnders översikter kan läsas av alla utan inloggning.",
    )
    follow_up_deadline_days = models.PositiveSmallIntegerField(
        "dagar till uppföljningens sista dag",
        default=15,
        help_text="Sista dag för en periods uppföljning, räknat från periodens slut "
        "(om inte perioden har en egen sista dag).",
    )
    publish_mode = models.CharField(
        "publicering av uppföljningen",
        max_length=10,
        choices=PublishMode.choices,
        default=PublishMode.MANUAL,
        help_text="När en klar periods egna nyckeltal och bedömningar blir synliga på den "
        "publika sidan: direkt när perioden markeras som klar, eller när en controller "
        "trycker på Publicera.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "nämnd"
        verbose_name_plural = "nämnder"

    def __str__(self) -> str:
        return f"{self.name}, {self.municipality.name}"


class Role(models.TextChoices):
    CONTROLLER = "controller", "Controller"
    POLITICIAN = "politician", "Politiker (läsbehörighet)"
    RAPPORTOR = "rapportor", "Rapportör"


class CommitteeRole(models.Model):
    """One user's role in one committee; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_roles",
        verbose_name="användare",
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="roles", verbose_name="nämnd"
    )
    role = models.CharField("roll", max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "user__username"]
        verbose_name = "roll i nämnd"
        verbose_name_plural = "roller i nämnder"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"], name="unique_role_per_user_and_committee"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="committee_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.committee}"
