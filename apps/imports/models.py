"""One record per import run: what was asked, by whom, how far it got and what it changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.organisations.models import Committee


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def for_committee(self, committee: Committee) -> ImportRunQuerySet:
        return self.filter(committee=committee)

    def succeeded(self) -> ImportRunQuerySet:
        return self.filter(status=ImportRun.Status.SUCCEEDED)


class ImportRun(models.Model):
    """An import: Kolada files or API, and later ledgers and decision registers."""

    class Kind(models.TextChoices):
        KOLADA_FILE = "kolada_file", "Kolada, filer"
        KOLADA_API = "kolada_api", "Kolada, hämtning"
        LEDGER = "ledger", "Huvudbok (budget och utfall)"
        INVESTMENTS = "investments", "Investeringar"
        DECISIONS = "decisions", "Beslutsregister (ej verkställda beslut)"

    class Trigger(models.TextChoices):
        COMMAND = "command", "kommando"
        WEB = "web", "webben"
        SCHEDULE = "schedule", "schemat"

    class Status(models.TextChoices):
        PENDING = "pending", "väntar"
        RUNNING = "running", "pågår"
        SUCCEEDED = "succeeded", "klar"
        FAILED = "failed", "misslyckades"

    kind = models.CharField("slag", max_length=20, choices=Kind.choices)
    parameters = models.JSONField("parametrar", default=dict, blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name="nämnd",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="startad av",
    )
    trigger = models.CharField("startad från", max_length=10, choices=Trigger.choices)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pages_done = models.PositiveIntegerField("sidor klara", default=0)
    pages_expected = models.PositiveIntegerField("sidor väntade", default=0)
    created = models.PositiveIntegerField("nya", default=0)
    updated = models.PositiveIntegerField("ändrade", default=0)
    unchanged = models.PositiveIntegerField("oförändrade", default=0)
    withdrawn = models.PositiveIntegerField("återkallade", default=0)
    metadata_counts = models.JSONField(
        "metadata",
        default=dict,
        blank=True,
        help_text="Kolada-katalogen som skrevs: per slag (nyckeltal, enheter, grupper, "
        "medlemskap) antal nya, ändrade och oförändrade.",
    )
    warnings = models.JSONField("varningar", default=list, blank=True)
    errors = models.JSONField("fel", default=list, blank=True)
    queued_at = models.DateTimeField("beställd", default=timezone.now)
    started_at = models.DateTimeField("startad", null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        "senaste livstecken",
        null=True,
        blank=True,
        help_text="Skrivs varje minut medan importen pågår; tystnad betyder att arbetaren dött.",
    )
    finished_at = models.DateTimeField("klar", null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = "importkörning"
        verbose_name_plural = "importkörningar"
        indexes = [
            models.Index(fields=["committee", "kind", "-queued_at"]),
            # The overview's stamp: the last import of each kind.
            models.Index(fields=["kind", "finished_at"], name="importrun_kind_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.pages_expected:
            return 0
        return min(100, round(100 * self.pages_done / self.pages_expected))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    def summary(self, noun: str | None = None) -> str:
        """The one-line summary commands and the run page show; `noun` is what was counted
        (by default what this kind of import counts). Only Kolada withdraws values."""
        if self.status == self.Status.FAILED:
            return f"Importen misslyckades: {'; '.join(self.errors)}"
        noun = noun or COUNTED.get(self.kind, "värden")
        withdrawn = (
            f", {self.withdrawn} återkallade"
            if self.kind in {self.Kind.KOLADA_FILE, self.Kind.KOLADA_API}
            else ""
        )
        text = (
            f"{self.created} nya, {self.updated} ändrade, {self.unchanged} oförändrade"
            f"{withdrawn} {noun}"
        )
        if self.metadata_summary:
            text += f"; {self.metadata_summary}"
        if self.warnings:
            text += f"; {len(self.warnings)} varningar"
        return text

    @property
    def metadata_rows(self) -> list[tuple[str, dict[str, int]]]:
        """(what, counts) per kind of Kolada metadata this run wrote, for the run's page."""
        return [
            (noun, counts)
            for key, noun in METADATA_NOUNS.items()
            if (counts := self.metadata_counts.get(key)) and any(counts.values())
        ]

    @property
    def metadata_summary(self) -> str:
        """The Kolada catalogue written: "nyckeltal 6099 nya, 0 ändrade, 0 oförändrade; …"."""
        parts = []
        for key, noun in METADATA_NOUNS.items():
            counts = self.metadata_counts.get(key)
            if counts and any(counts.values()):
                parts.append(
                    f"{noun} {counts.get('created', 0)} nya, {counts.get('updated', 0)} "
                    f"ändrade, {counts.get('unchanged', 0)} oförändrade"
                )
        return "; ".join(parts)


COUNTED: dict[str, str] = {
    ImportRun.Kind.DECISIONS: "beslut och avbrott",
    ImportRun.Kind.LEDGER: "ansvar och perioder",
    ImportRun.Kind.INVESTMENTS: "projekt och år",
}
METADATA_NOUNS = {
    "kpis": "nyckeltal",
    "municipalities": "enheter",
    "groups": "grupper",
    "memberships": "medlemskap",
}
