from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from apps.core.admin_formats import SafeCSV, SafeXLSX
from apps.core.table_files import TableFileError
from apps.indicators.forms import CommitteeIndicatorForm
from apps.indicators.models import (
    Assessment,
    Comment,
    CommitteeIndicator,
    DraftAssessment,
    DraftComment,
    DraftValue,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.indicators.resources import OwnFigureResource


class CommitteeIndicatorInline(admin.TabularInline):
    model = CommitteeIndicator
    form = CommitteeIndicatorForm
    extra = 0
    autocomplete_fields = ["committee"]


@admin.register(CommitteeIndicator)
class CommitteeIndicatorAdmin(SimpleHistoryAdmin):
    """A committee's settings for one indicator: order, key card, and (optionally) the
    comparison groups it is compared with instead of the groups of its area."""

    form = CommitteeIndicatorForm
    list_display = ["committee", "indicator", "order", "is_key"]
    list_filter = ["committee", "is_key"]
    search_fields = ["indicator__code", "indicator__title"]
    autocomplete_fields = ["committee", "indicator"]
    filter_horizontal = ["comparison_groups"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "source", "unit", "committee", "frequency", "owner"]
    list_filter = ["source", "unit", "frequency", "discontinued", "committee"]
    raw_id_fields = ["owner"]
    search_fields = ["code", "title"]
    inlines = [CommitteeIndicatorInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OwnFigureResource]
    formats = [SafeCSV, SafeXLSX]  # the shared reader's limits; exports without formulas

    def add_data_read_fail_error_to_form(self, form, e):  # type: ignore[no-untyped-def]
        if isinstance(e, TableFileError):  # name the file, row and column, not the class
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    list_display = ["indicator", "municipality", "group", "period", "gender", "value", "source"]
    list_filter = ["source", "gender"]
    search_fields = ["indicator__code", "indicator__title", "municipality__name", "group__code"]
    list_select_related = ["indicator", "municipality", "group"]
    raw_id_fields = ["indicator", "municipality", "group"]
    show_full_result_count = False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 1


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "indicator", "direction"]
    autocomplete_fields = ["indicator"]
    inlines = [TargetInline]


class GoalIndicatorInline(admin.TabularInline):
    model = GoalIndicator
    extra = 1
    autocomplete_fields = ["indicator"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "first_year", "last_year", "order"]
    list_filter = ["committee"]
    search_fields = ["title", "kf_goal"]
    inlines = [GoalIndicatorInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["goal_indicator", "year", "value"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "period", "signal", "status", "author"]
    list_filter = ["status", "signal", "goal__committee"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "committee", "period", "author"]
    list_filter = ["committee"]


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(SimpleHistoryAdmin):
    list_display = [
        "committee",
        "period",
        "deadline",
        "status",
        "marked_ready_by",
        "marked_ready_at",
        "published_at",
    ]
    list_filter = ["committee", "status"]
    readonly_fields = ["approved_figures", "last_reminder_on"]


@admin.register(DraftValue)
class DraftValueAdmin(SimpleHistoryAdmin):
    list_display = ["follow_up", "indicator", "period", "gender", "value", "author"]
    list_filter = ["follow_up__committee"]


@admin.register(DraftComment)
class DraftCommentAdmin(SimpleHistoryAdmin):
    list_display = ["follow_up", "indicator", "period", "author"]


@admin.register(DraftAssessment)
class DraftAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["follow_up", "goal", "signal", "author"]
