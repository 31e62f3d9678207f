from __future__ import annotations

from django.contrib import admin

from apps.budget.models import AccountOverride, ColumnMapping, Investment


@admin.register(AccountOverride)
class AccountOverrideAdmin(admin.ModelAdmin):
    """Accounts (or account groups) a committee books differently from Kommun-Bas."""

    list_display = ["committee", "account", "kostnadsslag"]
    list_filter = ["committee", "kostnadsslag"]
    search_fields = ["account"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["committee", "name", "created"]
    list_filter = ["committee"]
    search_fields = ["name"]


@admin.register(Investment)
class InvestmentAdmin(admin.ModelAdmin):
    list_display = ["committee", "year", "project", "name", "kind", "amount"]
    list_filter = ["committee", "year", "kind"]
    search_fields = ["project", "name"]
