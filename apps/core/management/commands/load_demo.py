"""manage.py load_demo: the demo municipalities, committees, users and figures (idempotent)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.budget import demo as budget_demo
from apps.decisions import demo as decisions_demo
from apps.indicators import demo as indicators_demo
from apps.organisations import demo as organisations_demo

NOT_ALLOWED = (
    "load_demo skapar användare med kända lösenord och är avstängt här. "
    "Sätt DEMO_DATA_ALLOWED=true om du verkligen vill ladda demodata."
)


class Command(BaseCommand):
    help = "Laddar demodata: kommuner, jämförelsegrupper, nämnder, användare och siffror."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(NOT_ALLOWED)
        logins = organisations_demo.load()
        parts = [
            indicators_demo.load(),
            indicators_demo.load_goals(),
            budget_demo.load(),
            decisions_demo.load(),
        ]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"logins": [login.__dict__ for login in logins], "loaded": parts})
            )
            return
        self.stdout.write(
            f"Demodata laddad: {len(logins)} demoanvändare; {'; '.join(parts)}. "
            f"Lösenord för alla: {logins[0].password}"
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<22} {login.description}")
