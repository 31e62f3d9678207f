from __future__ import annotations

from django.contrib import admin

from apps.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "committee",
        "trigger",
        "status",
        "queued_at",
        "created",
        "updated",
    ]
    list_filter = ["kind", "status", "trigger", "committee"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
