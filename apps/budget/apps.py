from __future__ import annotations

from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "apps.budget"
    verbose_name = "Budget"
