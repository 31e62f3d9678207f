"""The register in the admin, for administrators. Its forms run the model's full_clean, so
the same rules hold here as in the form and the register file (no personnummer as
referens, dates in order, avbrott only after verkställighet and never overlapping)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from apps.decisions.forms import BaseInterruptionFormSet
from apps.decisions.models import (
    Decision,
    Interruption,
    Offer,
    RegisterAudit,
    ReportLog,
    SentReport,
)
from apps.decisions.services import assign_serials

ADMIN_DELETE = "borttaget i administrationen"


class InterruptionInline(admin.TabularInline):
    model = Interruption
    formset = BaseInterruptionFormSet
    fields = ["interrupted", "resumed", "serial", "reported_in"]
    readonly_fields = ["serial", "reported_in"]
    extra = 0


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "committee", "law", "service", "decided", "carried_out", "closed"]
    list_filter = ["committee", "law", "service"]
    search_fields = ["reference"]
    readonly_fields = ["serial", "reported_in"]
    inlines = [InterruptionInline, OfferInline]

    def get_form(self, request: HttpRequest, obj: Decision | None = None, **kwargs: object):  # type: ignore[no-untyped-def,override]
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            obj._checked_together = True  # type: ignore[attr-defined]  # the inline checks avbrott
        return form

    def delete_model(self, request: HttpRequest, obj: Decision) -> None:
        """Deleted in the admin: the history says so, with who and when (the register's
        own page asks for a reason; see decisions:delete)."""
        obj._change_reason = ADMIN_DELETE  # type: ignore[attr-defined]
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Decision]) -> None:
        for decision in queryset:
            self.delete_model(request, decision)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        assign_serials(form.instance.committee)


@admin.register(SentReport)
class SentReportAdmin(admin.ModelAdmin):
    list_display = ["committee", "quarter", "sent_at", "sent_by"]
    list_filter = ["committee"]
    readonly_fields = ["committee", "quarter", "sent_at", "sent_by", "snapshot"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReportLog)
class ReportLogAdmin(admin.ModelAdmin):
    list_display = ["reported_at", "committee", "quarter", "recipient", "channel", "user", "note"]
    list_filter = ["committee", "recipient", "channel"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportLog]:
        return super().get_queryset(request).select_related("committee", "user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RegisterAudit)
class RegisterAuditAdmin(admin.ModelAdmin):
    """Who viewed or exported register data, when and what: for administrators only."""

    list_display = ["at", "committee", "user", "what", "path"]
    list_filter = ["committee", "user"]
    date_hierarchy = "at"
    search_fields = ["what", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
