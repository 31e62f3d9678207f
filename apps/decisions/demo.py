"""Demo register for Ale socialnämnd, shaped so that its Q4 2025 report reproduces the
statistics reports in 004 (SoL 5/3/2/6, LSS 4/0/1/6); loaded through the real import.

Q4 2025 is marked sent, as Ale's rapportör did on 2026-01-28, so the demo shows a frozen
report, and one decision (SN-2024-090) has two avbrott: one resumed in time, one open
since 2025-12-15 and never sent, so later quarters list it as "ej tidigare rapporterade"."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import User

from apps.decisions.models import Decision, Offer, SentReport
from apps.decisions.quarters import Quarter
from apps.decisions.services import decisions_import, mark_quarter_sent
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.organisations.models import Committee

REGISTER_FILE = settings.BASE_DIR / "fixtures" / "demo" / "ale_sn_register.csv"
OFFERS = {  # referens: [(date, what, answer)]
    "SN-2025-040": [(date(2025, 11, 20), "Plats på Klockareängen", Offer.Answer.ACCEPTED)],
    "SN-2025-058": [(date(2025, 9, 30), "Lägenhet på Fridhem", Offer.Answer.DECLINED)],
    "SN-2025-027": [
        (date(2025, 6, 10), "Kontaktperson", Offer.Answer.DECLINED),
        (date(2025, 10, 2), "Kontaktperson", Offer.Answer.DECLINED),
    ],
    "SN-2025-123": [
        (date(2025, 9, 1), "Kontaktperson", Offer.Answer.DECLINED),
        (date(2025, 11, 12), "Kontaktperson", Offer.Answer.DECLINED),
    ],
    "SN-2024-150": [(date(2025, 12, 1), "Lägenhet i gruppbostad", Offer.Answer.NO_ANSWER)],
    "SN-2024-188": [(date(2025, 12, 8), "Lägenhet i servicebostad", Offer.Answer.NO_ANSWER)],
    "SN-2024-201": [(date(2025, 11, 3), "Lägenhet i gruppbostad", Offer.Answer.ACCEPTED)],
}


def load() -> str:
    committee = Committee.objects.get(slug="ale-sn")
    run = import_run_create(
        kind=ImportRun.Kind.DECISIONS,
        trigger=ImportRun.Trigger.COMMAND,
        parameters={"file": REGISTER_FILE.name, "demo": True},
        committee=committee,
    )
    run = decisions_import(committee=committee, path=REGISTER_FILE, run=run)
    if run.status != ImportRun.Status.SUCCEEDED:
        raise RuntimeError(f"Demoregistret kunde inte läsas: {run.errors}")
    for reference, offers in OFFERS.items():
        decision = Decision.objects.get(committee=committee, reference=reference)
        for offered_on, what, answer in offers:
            Offer.objects.get_or_create(
                decision=decision, offered_on=offered_on, what=what, defaults={"answer": answer}
            )
    sent = Quarter(2025, 4)
    if not SentReport.objects.filter(committee=committee, quarter=str(sent)).exists():
        mark_quarter_sent(
            committee=committee,
            quarter=sent,
            user=User.objects.filter(username="ale-rapportor").first(),
        )
    return (
        f"beslutsregister Ale ({run.created} nya beslut och avbrott, {run.unchanged} oförändrade)"
    )
