from __future__ import annotations

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "apps.decisions"
    verbose_name = "Ej verkställda beslut"
