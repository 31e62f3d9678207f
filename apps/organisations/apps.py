from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "apps.organisations"
    verbose_name = "Organisationer"
