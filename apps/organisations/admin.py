from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.organisations.models import Committee, CommitteeRole, ComparisonGroup, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(ComparisonGroup)
class ComparisonGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "area"]
    list_filter = ["kind", "area"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]


class CommitteeRoleInline(admin.TabularInline):
    model = CommitteeRole
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name", "municipality", "published"]
    list_filter = ["published", "municipality"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["comparison_groups"]
    autocomplete_fields = ["municipality"]
    inlines = [CommitteeRoleInline]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["role", "committee"]
    search_fields = ["user__username", "committee__name"]
    autocomplete_fields = ["user", "committee"]
