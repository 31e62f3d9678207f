"""manage.py follow_up --committee SLUG --period P [--ready | --reopen SKÄL | --publish]
--user NAME [--format json]: a follow-up period's status and what is missing, or the same
steps as the buttons on the follow-up page (through the same services)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.core.access import Capability, capabilities_for
from apps.core.periods import normalise_period
from apps.indicators.follow_up import follow_up_sheet
from apps.indicators.models import FollowUpPeriod
from apps.indicators.services import (
    FollowUpError,
    follow_up_mark_ready,
    follow_up_publish,
    follow_up_reopen,
)
from apps.organisations.models import Committee

NOT_READY = "Perioden kan inte markeras som klar förrän allt är ifyllt: {missing}."
NO_USER = "Ange --user: en controller i nämnden eller en administratör (sparas som vem)."
UNKNOWN_USER = "Användaren {user!r} finns inte."
NOT_A_CONTROLLER = (
    "{user} är inte controller i {committee} (eller administratör) och kan inte ändra "
    "uppföljningen."
)


class Command(BaseCommand):
    help = "Visar en uppföljningsperiods status, eller markerar den klar, öppnar eller publicerar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="nämndens kortnamn, t.ex. ale-sn")
        parser.add_argument(
            "--period",
            required=True,
            help="perioden: 2025Q3 (kvartal), 2025T2 (tertial) eller 2025",
        )
        step = parser.add_mutually_exclusive_group()
        step.add_argument("--ready", action="store_true", help="markera perioden som klar")
        step.add_argument("--reopen", metavar="SKÄL", help="öppna perioden igen, med skäl")
        step.add_argument("--publish", action="store_true", help="publicera perioden")
        parser.add_argument("--user", help="vem som gör steget")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="json: bara JSON på stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"Nämnden {options['committee']} finns inte.")
        try:
            period = normalise_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["ready"] or options["reopen"] is not None or options["publish"]:
            self._step(committee, period, options)
        sheet = follow_up_sheet(committee, period)
        follow_up = sheet.follow_up
        status = {
            "committee": committee.slug,
            "period": period,
            "status": follow_up.status_text(timezone.localdate()),
            "deadline": sheet.deadline.isoformat(),
            "missing": sheet.missing,
            "marked_ready_by": follow_up.marked_ready_by.get_username()
            if follow_up.marked_ready_by
            else None,
            "marked_ready_at": follow_up.marked_ready_at.isoformat()
            if follow_up.marked_ready_at
            else None,
            "published": follow_up.is_published,
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(status, ensure_ascii=False))
            return
        missing = f"saknas {len(sheet.missing)}" if sheet.missing else "allt ifyllt"
        published = "publicerad" if follow_up.is_published else "inte publicerad"
        self.stdout.write(f"{committee.slug} {period}: {status['status']}; {missing}; {published}")

    def _step(self, committee: Committee, period: str, options: dict[str, Any]) -> None:
        if not options["user"]:
            raise CommandError(NO_USER)
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(UNKNOWN_USER.format(user=options["user"]))
        if Capability.EDIT_FIGURES not in capabilities_for(user, committee):
            raise CommandError(
                NOT_A_CONTROLLER.format(user=user.username, committee=committee.name)
            )
        sheet = follow_up_sheet(committee, period)
        follow_up = FollowUpPeriod.objects.filter(committee=committee, period=period).first()
        try:
            if options["ready"]:
                if sheet.missing:
                    raise CommandError(NOT_READY.format(missing="; ".join(sheet.missing)))
                follow_up = follow_up or FollowUpPeriod.objects.create(
                    committee=committee, period=period
                )
                follow_up_mark_ready(
                    follow_up=follow_up, user=user, approved_figures=sheet.approved_figures()
                )
            elif follow_up is None:
                raise CommandError(f"{period} har inte markerats som klar.")
            elif options["publish"]:
                follow_up_publish(follow_up=follow_up, user=user)
            else:
                follow_up_reopen(follow_up=follow_up, user=user, reason=options["reopen"])
        except FollowUpError as error:
            raise CommandError(str(error)) from None
